"""The briefing templates (Jinja2) and stylesheet, shipped inside the package as toolkit.templates."""
