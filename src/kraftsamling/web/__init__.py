"""The web application: app factory, layout, security middleware, errors and language."""
