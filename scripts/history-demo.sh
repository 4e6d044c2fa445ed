#!/usr/bin/env bash
# The example site as a git repository with a dated history of edits, to see the change record
# (`history: git`): the screenshots in docs/screenshots/ and CI's accessibility run use it.
# Usage: scripts/history-demo.sh DIR      (DIR must not exist; build it with --today 2024-06-03)
# Needs git. Dates, names and messages are fixed, so the same script makes the same commits.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:?usage: scripts/history-demo.sh DIR}
[ ! -e "$dir" ] || { echo "$dir already exists" >&2; exit 1; }
mkdir -p "$dir"
cp -r site.yaml content "$dir"/
printf '\n# The change record is published from this repository'"'"'s history.\nhistory: git\n' >> "$dir/site.yaml"
recs="$dir/content/safety-in-the-town-centre/recommendations"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME="Democratic Services" GIT_AUTHOR_EMAIL=democratic.services@example.org
export GIT_COMMITTER_NAME="Democratic Services" GIT_COMMITTER_EMAIL=democratic.services@example.org
commit() { # date, message
  GIT_AUTHOR_DATE="$1T16:30:00+01:00" GIT_COMMITTER_DATE="$1T16:30:00+01:00" git -C "$dir" commit -qam "$2"
}
# As Cabinet agreed it: recommendation 3 reported as completed, 4 due in October 2023.
sed -i 's/^status: ongoing/status: completed/' "$recs"/03-*.md
git -C "$dir" -c init.defaultBranch=main init -q
git -C "$dir" add -A
commit 2023-07-20 "The action plan as agreed by Cabinet"
# The autumn review: a target date moved later, a status moved back (no update says why).
sed -i 's/^due: 2023-10/due: 2024-03/; s/^timetable: October 2023/timetable: March 2024/' "$recs"/04-*.md
sed -i 's/^status: completed/status: ongoing/' "$recs"/03-*.md
commit 2023-11-02 "Autumn review of the action plan"
# Responses brought up to date; a lead officer changed after a restructure.
sed -i 's/The Town Centre Task Force meet monthly/The Town Centre Task Force meet every two months/' "$recs"/01-*.md
sed -i 's/which is due to be published in October 2023\./which is now due to be published in March 2024, after the autumn edition was moved./' "$recs"/04-*.md
sed -i 's/^  - Community and Strategic Partnerships Manager/  - Head of Communities and Partnerships/' "$recs"/05-*.md
commit 2024-01-15 "Responses for the January committee"
echo "$dir: $(git -C "$dir" rev-list --count HEAD) commits"
