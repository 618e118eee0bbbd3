enum _WebPlaceholder {}
