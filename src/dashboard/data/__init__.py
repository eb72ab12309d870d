"""The data layer: the tables' schema, reading and validating a data folder, the stored copy, quotes against the article."""
