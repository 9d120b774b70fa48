"""English date and time formats, British style: "12 January 2012", "10:00"."""

DATE_FORMAT = "j F Y"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H:i"
