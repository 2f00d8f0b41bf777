"""The student web page, the course widget and the JSON API."""
