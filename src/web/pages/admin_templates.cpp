// Console pages of the message templates: list, editor with preview, save, revert, test send.
