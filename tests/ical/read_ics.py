"""Reads .ics files with the `icalendar` library (a parser independent of carnet) and prints
their events as JSON, one object per event: what a calendar app would import.

Usage: python read_ics.py FILE.ics [FILE.ics ...]
"""
import json
import sys

import icalendar


def when(value):
    if value is None:
        return None
    return value.dt.isoformat()


def main(paths):
    out = []
    for path in paths:
        with open(path, "rb") as f:
            cal = icalendar.Calendar.from_ical(f.read())
        zones = [str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")]
        for ev in cal.walk("VEVENT"):
            out.append({
                "file": path,
                "uid": str(ev.get("UID")),
                "summary": str(ev.get("SUMMARY")),
                "start": when(ev.get("DTSTART")),
                "end": when(ev.get("DTEND")),
                "status": str(ev.get("STATUS")) if ev.get("STATUS") else None,
                "location": str(ev.get("LOCATION")) if ev.get("LOCATION") else None,
                "url": str(ev.get("URL")) if ev.get("URL") else None,
                "sequence": int(ev.get("SEQUENCE", 0)),
                "zones": zones,
            })
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
