enum _NetCorePlaceholder {}
