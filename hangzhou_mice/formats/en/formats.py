# Dates as the bureau writes them in English: "November 20, 2019". Chinese
# pages keep Django's own zh_Hans formats: "2019年11月20日".
DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
