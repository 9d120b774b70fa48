"""Swedish date and time formats: "12 januari 2012", "kl. 10.00" (Språkrådet's style)."""

DATE_FORMAT = "j F Y"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H.i"
