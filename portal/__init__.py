"""The members' side of the registry: what member organisations and applicants do themselves.

- Sign-in without passwords (`/account/`): a single-use link mailed to a current member's contact address
  opens a session for that member only (`portal.session`), never a staff user's.
- Proposals: a member proposes changes to its public profile and contact person; staff approve (written
  through `members.services`, the history naming both people) or reject them in the admin.
- Applications (`/join/`): confirmed by an e-mailed link, reviewed by staff, approved into an unpublished
  member with a membership period from the approval day.
- Mail (`portal.mail`): every message is an `OutgoingMessage` row, sent once by a background task
  (django-tasks, database backend) with retries; the admin lists the messages sent.
- Personal data: the privacy page (`/privacy/`) and the erasure of a contact person (admin).

Imports `members`; nothing imports it but `cluster_registry` (its URLs and settings).
"""
