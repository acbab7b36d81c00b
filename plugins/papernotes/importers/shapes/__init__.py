"""Small readers, one per shape of a reading list: what a line says besides its title (facts),
tables, lines holding several entries, symbol legends and local note links."""
