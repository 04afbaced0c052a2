"""Planners' enquiries (enquiries/): how many an address may send, how many
confirmations an inbox may get, how mails are retried, how long leads stay."""

from config.env import env

# Per hour, counted in the database (every process and server sees them).
ENQUIRIES_PER_ADDRESS_PER_HOUR = env.int("ENQUIRIES_PER_ADDRESS_PER_HOUR", default=5)
CONFIRMATIONS_PER_RECIPIENT_PER_HOUR = env.int(
    "CONFIRMATIONS_PER_RECIPIENT_PER_HOUR", default=3
)
# A mail the server refuses is tried again after 1, 2, 4, … minutes, this
# many times in all; then it is shown as not delivered on its lead.
ENQUIRY_MAIL_ATTEMPTS = env.int("ENQUIRY_MAIL_ATTEMPTS", default=8)
# Leads, their mails and their task rows are erased this many months after
# the lead was last changed.
LEAD_RETENTION_MONTHS = env.int("LEAD_RETENTION_MONTHS", default=24)
# The language of the mails to the bureau and to a lead's owner.
ENQUIRY_STAFF_LANGUAGE = env.str("ENQUIRY_STAFF_LANGUAGE", default="zh-hans")
# Where the site is served (https://mice.example.org), for the admin link in
# those mails; without it they give the link's path alone.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
