"""Search built from the plan: one record per page (papers from papers.yaml and their notes,
other notes from their Markdown), written into a Pagefind index that the browser fetches in pieces."""
