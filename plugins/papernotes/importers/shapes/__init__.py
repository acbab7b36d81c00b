"""Small readers, one per shape of a reading list: entry lines (entries), link-less entries (plain),
author/venue sub-bullets (subbullets), the lines under an entry (following), table rows (tables),
lines holding several entries (splitting), titles (titles), what a line says besides its title
(facts), symbol legends (legends), local note links (notes) and the Markdown pieces of a line
(markup)."""
