"""Words the pages show for the model's codes."""

from __future__ import annotations

STATUS_LABELS = {"to-read": "to read", "reading": "reading", "read": "read"}
LINK_LABELS = {
    "url": "Paper",
    "pdf": "PDF",
    "code": "Code",
    "project": "Project",
    "notes": "External notes",
    "video": "Video",
    "slides": "Slides",
    "blog": "Blog",
    "data": "Data",
}
COLUMN_LABELS = {
    "title": "Title",
    "short": "Short",
    "authors": "Authors",
    "year": "Year",
    "venue": "Venue",
    "status": "Status",
    "read": "Read",
    "week": "Week",
    "rating": "Rating",
    "remark": "Remark",
    "tags": "Topics",
    "notes": "Notes",
}
