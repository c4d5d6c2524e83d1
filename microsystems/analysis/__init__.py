"""Pure pandas analysis for a microsystem: no ORM, no request.

One module per question: `demand` (how demand changes, capacity), `costs`
(what activities cost and what could stop).
"""
