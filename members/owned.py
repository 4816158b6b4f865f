"""`OwnedByMember`: a row of a member's own (a period, a headcount report, yearly figures) that remembers
the member it was read with, so that moving it to another member renews both members' pages
(`members.page_cache`) without a query to find the old one."""


class OwnedByMember:
    @classmethod
    def from_db(cls, db, field_names, values):
        row = super().from_db(db, field_names, values)
        row._stored_member_id = row.__dict__.get("member_id")
        return row
