"""Administration pages for coordinators and admins: the audit trail and its export."""
