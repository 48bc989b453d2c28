// JSON twins of the console's message-template pages (GET list and one, PUT save, DELETE revert).
