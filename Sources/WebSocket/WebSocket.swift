enum _WebSocketPlaceholder {}
