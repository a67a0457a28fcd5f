#!/usr/bin/env bash
# The API reference's curl examples for Auth, Organizations, Workspaces, Projects,
# Columns, Cards, Pilotage, Documents, Automations and the AI Project Wizard, run in order against a live
# server, unchanged in shape.
#
#   STELLARY_URL=http://127.0.0.1:3001 bash tests/e2e/reference_script.sh
#
# Every call states the status it expects; the first surprise stops the script
# with a non-zero exit and the response on stderr. JSON is read with python3.
set -euo pipefail

BASE="${STELLARY_URL:-http://localhost:3001}"
EMAIL="${STELLARY_EMAIL:-user@example.com}"
TOKEN=""
BODY=""
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT

# call METHOD PATH EXPECTED_STATUS [JSON_BODY]: curl it, keep the body in $BODY.
call() {
  local method=$1 path=$2 expected=$3 data=${4:-}
  local args=(-sS -o "$OUT" -w '%{http_code}' -X "$method" "$BASE$path")
  if [[ -n $TOKEN ]]; then args+=(-H "Authorization: Bearer $TOKEN"); fi
  if [[ -n $data ]]; then args+=(-H "Content-Type: application/json" -d "$data"); fi
  local status
  status=$(curl "${args[@]}")
  BODY=$(cat "$OUT")
  if [[ $status != "$expected" ]]; then
    echo "FAIL: $method $path answered $status, expected $expected" >&2
    echo "$BODY" >&2
    exit 1
  fi
  echo "ok  $status $method $path"
}

# pick KEY.PATH: a value of the last body ("user.id", "0.id"); strings unquoted.
pick() {
  python3 -c '
import json, sys
value = json.loads(sys.argv[1])
for part in sys.argv[2].split("."):
    value = value[int(part)] if isinstance(value, list) else value[part]
print(value if isinstance(value, str) else json.dumps(value))
' "$BODY" "$1"
}

# check PYTHON_EXPR: an assertion about the last body, bound to `d`.
check() {
  if ! python3 -c '
import json, sys
d = json.loads(sys.argv[1])
sys.exit(0 if eval(sys.argv[2]) else 1)
' "$BODY" "$1"; then
    echo "FAIL: expected $1 in: $BODY" >&2
    exit 1
  fi
}

# -- Auth ---------------------------------------------------------------------------
call POST /auth/register 201 "{\"email\": \"$EMAIL\", \"password\": \"secure-pass-123\", \"name\": \"Jane Doe\"}"
check 'set(d) == {"access_token", "user"} and d["user"]["name"] == "Jane Doe" and len(d["user"]["id"]) == 24'

call POST /auth/login 200 "{\"email\": \"$EMAIL\", \"password\": \"secure-pass-123\"}"
check 'd["user"]["pilotageRole"] == "owner" and d["access_token"].startswith("eyJ")'
TOKEN=$(pick access_token)
USER_ID=$(pick user.id)

call GET /auth/me 200
check 'd == {"user": {"id": "'"$USER_ID"'", "email": "'"$EMAIL"'", "name": "Jane Doe", "pilotageRole": "owner"}}'

call PATCH /auth/me 200 '{"name": "Jane Smith"}'
check 'd["user"]["name"] == "Jane Smith"'

call POST /auth/change-password 200 '{"currentPassword": "secure-pass-123", "newPassword": "new-secure-pass"}'
check 'd == {"ok": True}'
call GET /auth/me 401
check 'd == {"statusCode": 401, "message": d["message"], "error": "Unauthorized"}'
TOKEN=""
call POST /auth/login 401 "{\"email\": \"$EMAIL\", \"password\": \"secure-pass-123\"}"
check 'd["message"] == "Invalid credentials"'
call POST /auth/login 200 "{\"email\": \"$EMAIL\", \"password\": \"new-secure-pass\"}"
TOKEN=$(pick access_token)

# -- Organizations -----------------------------------------------------------------------
call POST /organizations 201 '{"name": "Acme Corp", "slug": "acme"}'
check 'd["slug"] == "acme" and d["ownerId"] == "'"$USER_ID"'" and d["createdAt"].endswith("Z")'
call POST /organizations 409 '{"name": "Acme again", "slug": "acme"}'
call POST /organizations 400 '{"name": "Acme", "slug": "acme", "ownerId": "665f1a2b3c4d5e6f7a8b9c0d"}'
check 'd["details"][0]["field"] == "ownerId"'

call GET /organizations 200
check '[(o["slug"], o["myRole"]) for o in d if o["slug"] == "acme"] == [("acme", "owner")]'

call GET /organizations/acme 200
check 'd["name"] == "Acme Corp" and d["myRole"] == "owner"'

call PATCH /organizations/acme 200 '{"name": "Acme Corporation"}'
check 'd["name"] == "Acme Corporation"'

# -- Workspaces --------------------------------------------------------------------------
call POST /orgs/acme/workspaces 201 '{"name": "Engineering", "slug": "eng"}'
check 'd["isPersonal"] is False and d["myRole"] == "admin" and d["myPilotageRole"] == "owner"'

call GET /orgs/acme/workspaces 200
check '[w["slug"] for w in d] == ["eng"]'

call GET /orgs/acme/workspaces/eng 200
check 'set(d) >= {"id", "name", "slug", "organizationId", "ownerId", "isPersonal", "myRole", "myPilotageRole", "createdAt", "updatedAt"}'

W=/orgs/acme/workspaces/eng

# -- Projects ------------------------------------------------------------------------------
call POST $W/projects 201 '{"name": "Q1 Launch"}'
check 'd["name"] == "Q1 Launch" and d["createdAt"].endswith("Z")'
PROJ_ID=$(pick id)
P=$W/projects/$PROJ_ID

call GET $W/projects 200
check '[p["id"] for p in d] == ["'"$PROJ_ID"'"]'

call GET "$P" 200
check 'd["id"] == "'"$PROJ_ID"'"'

call PATCH "$P" 200 '{"name": "Q1 Launch v2"}'
check 'd["name"] == "Q1 Launch v2"'

call GET $W/projects/portfolio 200
check 'd[0]["id"] == "'"$PROJ_ID"'" and d[0]["cardCount"] == 0 and len(d[0]["byColumn"]) == 3'

call GET $W/projects/templates 200
check '{"basic-kanban", "scrum", "bug-tracking", "product-launch", "content-calendar"} <= {t["id"] for t in d}'

# -- Columns -------------------------------------------------------------------------------
call GET "$P/columns" 200
check '[(c["name"], c["order"]) for c in d] == [("To Do", 0), ("In Progress", 1), ("Done", 2)]'
COL_ID=$(pick 0.id)
DONE_ID=$(pick 2.id)

call POST "$P/columns" 201 '{"name": "In Review"}'
check 'd["order"] == 3 and d["projectId"] == "'"$PROJ_ID"'"'
REVIEW_ID=$(pick id)

call PATCH "$P/columns/$REVIEW_ID" 200 '{"name": "Code Review"}'
check 'd["name"] == "Code Review"'

# -- Cards ---------------------------------------------------------------------------------
call POST "$P/columns/$COL_ID/cards" 201 '{
  "title": "Implement billing API",
  "description": "See spec in docs",
  "priority": "high",
  "dueDate": "2026-04-01",
  "assigneeId": "'"$USER_ID"'",
  "checklist": [ { "title": "Setup routes", "done": false, "order": 0 } ]
}'
check 'd["dueDate"] == "2026-04-01T00:00:00Z" and d["checklist"][0]["title"] == "Setup routes" and "_id" in d["checklist"][0]'
CARD_ID=$(pick id)

call GET "$P/cards" 200
check 'len(d) == 1 and set(d[0]) >= {"id", "title", "description", "columnId", "order", "archived", "priority", "dueDate", "assigneeId", "checklist", "commentCount", "attachmentCount"}'

call PATCH "$P/cards/$CARD_ID" 200 '{
  "title": "Updated title",
  "columnId": "'"$REVIEW_ID"'",
  "order": 2,
  "priority": "medium",
  "dueDate": null,
  "archived": true
}'
check 'd["title"] == "Updated title" and d["columnId"] == "'"$REVIEW_ID"'" and d["dueDate"] is None and d["archived"] is True'

call GET "$P/cards" 200
check 'd == []'
call GET "$P/cards?archived=true" 200
check '[c["id"] for c in d] == ["'"$CARD_ID"'"]'

call DELETE "$P/cards/$CARD_ID" 200
check 'd == {"ok": True}'
call GET "$P/cards/$CARD_ID" 404

# -- Pilotage ------------------------------------------------------------------------------
call GET $W/pilotage/state 200
check 'd["cycle"] == "v1" and d["contractVersion"] == 7 and d["usageContext"]["role"] == "owner"'

call POST $W/pilotage/missions 201 '{ "objective": "Implement billing module", "module": "billing"}'
check 'd["status"] == "to_launch" and d["blockedReason"] is None'
MISSION_ID=$(pick id)
call PATCH $W/pilotage/missions/$MISSION_ID 200 '{ "status": "blocked", "blockedReason": "Waiting on API"}'
check 'd["status"] == "blocked" and d["blockedReason"] == "Waiting on API"'

call POST $W/pilotage/priorities 201 '{ "label": "Ship billing MVP", "module": "billing"}'
check 'd["status"] == "active" and d["order"] == 0'
PRIORITY_ID=$(pick id)

call POST $W/pilotage/todos 201 '{ "label": "Write Stripe integration tests", "missionId": "'"$MISSION_ID"'", "priorityId": "'"$PRIORITY_ID"'"}'
TODO_ID=$(pick id)
call PATCH $W/pilotage/todos/$TODO_ID 200 '{ "status": "done"}'
check 'd["status"] == "done"'

call POST $W/pilotage/decisions 201 '{ "title": "Use Stripe over custom billing", "impact": "Reduces dev time by 3 weeks, adds 2.9% transaction fee"}'
check 'd["decidedBy"] == "'"$USER_ID"'" and d["createdAt"].endswith("Z")'

call POST $W/pilotage/docs 201 '{ "title": "Billing API Spec v2", "owner": "Jane Doe", "sourceType": "tech"}'

call GET "$W/pilotage/state?profile=revue&intent=weekly_review&detailLevel=detailed" 200
check 'd["missions"][0]["todos"][0]["id"] == "'"$TODO_ID"'" and len(d["decisions"]) == 1 and len(d["activeDocs"]) == 1'

call POST "$P/columns/$COL_ID/cards" 201 '{"title": "Stripe webhooks"}'
MOVED_ID=$(pick id)
call POST $W/pilotage/actions/propose 201 '{ "actionType": "move_card", "explanation": "All subtasks complete, move to Done", "payload": { "cardId": "'"$MOVED_ID"'", "targetColumn": "Done" }}'
check 'd["status"] == "suggested" and d["payload"]["targetColumn"] == "Done"'
ACTION_ID=$(pick id)
call GET "$W/pilotage/actions?status=suggested" 200
check '[a["id"] for a in d] == ["'"$ACTION_ID"'"]'
call POST $W/pilotage/actions/$ACTION_ID/apply 409
call POST $W/pilotage/actions/$ACTION_ID/review 200 '{ "approved": true, "reason": "Looks correct"}'
check 'd["status"] == "approved"'
call POST $W/pilotage/actions/$ACTION_ID/apply 200
check 'd["status"] == "applied" and d["result"]["columnId"] == "'"$DONE_ID"'"'
call GET "$P/cards/$MOVED_ID" 200
check 'd["columnId"] == "'"$DONE_ID"'" and d["status"] == "done"'
call DELETE "$P/cards/$MOVED_ID" 200

# A column that holds cards needs moveCardsTo.
call POST "$P/columns/$COL_ID/cards" 201 '{"title": "Carried over"}'
call DELETE "$P/columns/$COL_ID" 409
call DELETE "$P/columns/$COL_ID?moveCardsTo=$DONE_ID" 200
check 'd == {"ok": True}'
call GET "$P/cards" 200
check '[(c["title"], c["columnId"], c["status"]) for c in d] == [("Carried over", "'"$DONE_ID"'", "done")]'

call DELETE "$P/columns/$REVIEW_ID" 200
check 'd == {"ok": True}'

# -- Documents and their review workflow ------------------------------------------------------
call POST "$W/documents" 201 '{"title": "Billing API Spec v2", "docType": "spec", "content": {"type": "doc", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Use Stripe"}]}]}}'
check 'd["contentFormat"] == "tiptap_json" and d["contentMarkdown"] == "Use Stripe\n" and d["status"] == "draft"'
DOC_ID=$(pick id)
call POST "$W/documents" 201 '{"title": "Webhooks", "docType": "note", "content": "# Webhooks", "parentId": "'"$DOC_ID"'"}'
CHILD_ID=$(pick id)
call GET "$W/documents" 200
check '[x["title"] for x in d] == ["Billing API Spec v2", "Webhooks"]'
call GET "$W/documents?docType=note&parentId=$DOC_ID" 200
check '[x["id"] for x in d] == ["'"$CHILD_ID"'"]'
call GET "$W/documents/$DOC_ID" 200
check 'd["content"]["type"] == "doc" and d["history"] == []'
call PATCH "$W/documents/$DOC_ID" 200 '{"title": "Billing API Spec v3"}'
check 'd["title"] == "Billing API Spec v3"'
call POST "$W/documents/$DOC_ID/submit-review" 200
check 'd["status"] == "pending_review"'
call POST "$W/documents/$DOC_ID/submit-review" 409
# The author does not review their own document.
call POST "$W/documents/$DOC_ID/review" 403 '{"status": "approved", "notes": "LGTM"}'
call DELETE "$W/documents/$CHILD_ID" 200
check 'd == {"ok": True}'

# -- Automations and their execution traces ---------------------------------------------------
call POST "$P/automations" 201 '{
  "name": "Urgent cards are shelved",
  "trigger": "task_created",
  "conditions": { "all": [ { "field": "priority", "op": "eq", "value": "high" } ] },
  "action": { "type": "archive_card" }
}'
check 'd["enabled"] is True and d["runCount"] == 0 and d["lastRunAt"] is None and d["conditions"]["all"][0]["op"] == "eq"'
RULE_ID=$(pick id)
call GET "$P/automations" 200
check '[r["id"] for r in d] == ["'"$RULE_ID"'"]'
call GET "$P/automations/$RULE_ID" 200
check 'd["trigger"] == "task_created" and d["action"] == {"type": "archive_card"}'
call PATCH "$P/automations/$RULE_ID" 200 '{ "action": { "type": "set_priority", "priority": "low" } }'
check 'd["action"] == {"type": "set_priority", "priority": "low"}'
call PATCH "$P/automations/$RULE_ID/toggle" 200
check 'd["enabled"] is False'
call PATCH "$P/automations/$RULE_ID/toggle" 200
check 'd["enabled"] is True'
call POST "$P/automations" 400 '{ "trigger": "task_moved", "conditions": { "all": [ { "field": "priority", "op": "gt", "value": "high" } ] }, "action": { "type": "archive_card" } }'
check 'd["message"].startswith("conditions.all[0].op:")'
call POST "$P/columns/$DONE_ID/cards" 201 '{ "title": "Hotfix", "priority": "high" }'
HOTFIX_ID=$(pick id)
call GET "$P/cards/$HOTFIX_ID" 200
check 'd["priority"] == "low"'
call GET "$P/automations/$RULE_ID/traces" 200
check '[(t["result"], t["cardId"], t["trigger"]) for t in d] == [("success", "'"$HOTFIX_ID"'", "task_created")]'
call DELETE "$P/automations/$RULE_ID" 200
check 'd == {"ok": True}'
call GET "$P/automations/$RULE_ID" 404

# -- AI Project Wizard (the offline rules provider) ---------------------------------------------------
call POST "$W/project-drafts" 201 '{"name": "Billing revamp", "description": "- Stripe checkout\n- Invoice emails", "contextDocuments": ["'"$DOC_ID"'", "We sell to small shops"]}'
check 'd["stage"] == "framing" and [q["id"] for q in d["questions"]] == ["goal", "audience"] and d["provider"] == "rules"'
DRAFT_ID=$(pick id)
call GET "$W/project-drafts" 200
check '[x["id"] for x in d] == ["'"$DRAFT_ID"'"]'
call GET "$W/project-drafts/$DRAFT_ID" 200
check 'd["contextDocuments"] == ["'"$DOC_ID"'", "We sell to small shops"] and d["readinessScore"] == 10'
# As the reference's example, with no body: the round's questions are skipped.
call POST "$W/project-drafts/$DRAFT_ID/refine" 200
check 'd["stage"] == "refinement" and d["roundCount"] == 1 and d["readinessScore"] == 25'
call POST "$W/project-drafts/$DRAFT_ID/refine" 200 '{"answers": {"deadline": "6 weeks", "team": "Two developers"}}'
check 'd["roundCount"] == 2 and d["readinessScore"] == 50'
call POST "$W/project-drafts/$DRAFT_ID/refine" 400 '{"answers": {"budget": "none"}}'
check 'd["message"].startswith("answers.budget: is not an open question")'
call POST "$W/project-drafts/$DRAFT_ID/execute" 409
call POST "$W/project-drafts/$DRAFT_ID/generate-roadmap" 200
check 'd["stage"] == "roadmap" and [p["title"] for p in d["roadmap"]["phases"]] == ["Framing", "Build", "Launch"]'
call POST "$W/project-drafts/$DRAFT_ID/execute" 200
check 'd["stage"] == "executed" and len(d["projectId"]) == 24'
WIZARD_PROJECT=$(pick projectId)
call GET "$W/projects/$WIZARD_PROJECT/columns" 200
check '[c["name"] for c in d] == ["Framing", "Build", "Launch"]'
call GET "$W/projects/$WIZARD_PROJECT/cards" 200
check '"Stripe checkout" in [c["title"] for c in d] and "Invoice emails" in [c["title"] for c in d]'
call POST "$W/project-drafts/$DRAFT_ID/execute" 409
call DELETE "$W/project-drafts/$DRAFT_ID" 200
check 'd == {"ok": True}'
call GET "$W/project-drafts/$DRAFT_ID" 404

# -- Clean-up and the error envelope ---------------------------------------------------------------
call DELETE "$P" 200
call GET "$P" 404
check 'd == {"statusCode": 404, "message": d["message"], "error": "Not Found"}'
call DELETE /organizations/acme 200
call GET /organizations/acme 404
call GET /no/such/route 404
TOKEN=""
call GET /organizations 401

echo "reference script: all calls answered as expected"
