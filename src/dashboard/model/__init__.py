"""The model layer: one visit's tables joined, its words for dates and figures, the filters, colours and cell text."""
