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
