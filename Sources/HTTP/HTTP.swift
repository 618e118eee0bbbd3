enum _HTTPPlaceholder {}
