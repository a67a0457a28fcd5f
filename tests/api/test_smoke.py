from tests.conftest import ApiUser


def test_card_created_through_api_is_listed(alice: ApiUser, project: dict) -> None:
    column = project["columns"][0]["id"]
    created = alice.post(f"{project['path']}/columns/{column}/cards", json={"title": "First"})
    assert created.status_code == 201
    listed = alice.get(f"{project['path']}/cards").json()
    assert [c["title"] for c in listed] == ["First"]
    assert listed[0]["key"] == "QL-1"
