"""Live sessions: a room of phones answering together (docs/live-sessions.md).

A facilitator starts a :class:`~verkstad.workshops.live.models.LiveSession` from a meeting.
People join with a six-character code (or its QR code) and become pseudonymous
participants; the facilitator steps through activities (polls, scales, word clouds, Q&A,
statement rounds, ranking, future-workshop phases). Phones and the projector get updates
through server-sent events fed by :mod:`.hub`.
"""
