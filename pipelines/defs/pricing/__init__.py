"""Payment calculator in the warehouse (group analytics): payment view, price macro, code summary."""
