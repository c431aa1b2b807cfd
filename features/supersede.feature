@area-supersede
Feature: Supersede a pointer
  In NRLS 1.2.x the only update is a supersede: the provider creates a replacement whose first relatesTo
  is `replaces`, naming the old pointer by its master identifier (§2.2). NRLS stores the replacement and
  marks the old pointer superseded as one transaction: if anything fails, nothing changes. The spec says
  a failed supersede returns "an error" without naming it: the refusal is judged as the spec, the
  400 INVALID_RESOURCE is our choice (AMB-32).

  Background:
    Given the provider is acting
    And the provider has created a pointer for a new patient

  @NRLS-SUPERSEDE-002 @NRLS-SUPERSEDE-003 @NRLS-SUPERSEDE-009 @NRLS-CREATE-022 @NRLS-LIFE-006
  Scenario Outline: A replacement in <format> supersedes the pointer
    Given a replacement for that pointer
    When the provider creates it in <format>
    Then the response is a 201 RESOURCE_CREATED
    And the Location header identifies the new pointer
    And a search by its id finds it at version 1 with status "current"
    And the existing pointer is "superseded" at version 2

    @NRLS-SUPERSEDE-008 @NRLS-LIFE-008 @AMB @AMB-34
    Examples:
      | format |
      | JSON   |
      | XML    |

  @NRLS-SUPERSEDE-006 @NRLS-SUPERSEDE-003 @NRLS-SUPERSEDE-012 @AMB @AMB-31 @AMB-32
  Scenario: A replacement naming no existing pointer is refused and nothing is stored
    Given a replacement naming a master identifier no pointer of that patient has
    When the provider creates the replacement
    Then the request is refused
    And the response is a 400 INVALID_RESOURCE, as AMB-32 recommends
    And the existing pointer is "current" at version 1
    And the master identifier of the refused pointer is still free

  @NRLS-SUPERSEDE-012 @AMB @AMB-31 @AMB-32
  Scenario: The pointer to supersede is looked for among the same patient's pointers only
    Given a replacement for that pointer made for another patient
    When the provider creates the replacement
    Then the request is refused, as AMB-31 recommends
    And the response is a 400 INVALID_RESOURCE, as AMB-32 recommends
    And the existing pointer is "current" at version 1

  @NRLS-SUPERSEDE-005 @NRLS-AUTHZ-015 @NRLS-HDR-009 @NRLS-SUPERSEDE-003 @AMB @AMB-32
  Scenario: Another provider may not supersede the pointer, and nothing is stored
    Given the second provider is acting
    And a replacement for that pointer
    When the second provider creates the replacement
    Then the request is refused
    And the response is a 400 INVALID_RESOURCE, as AMB-32 recommends
    And the existing pointer is "current" at version 1
    And the master identifier of the refused pointer is still free

  @NRLS-SUPERSEDE-007 @NRLS-LIFE-007 @AMB @AMB-32
  Scenario: A pointer that is already superseded cannot be superseded again
    Given that pointer has been superseded
    And a replacement for that pointer
    When the provider creates the replacement
    Then the request is refused
    And the response is a 400 INVALID_RESOURCE, as AMB-32 recommends
    And the existing pointer is "superseded" at version 2
    And the master identifier of the refused pointer is still free

  @NRLS-SUPERSEDE-013 @NRLS-ID-004
  Scenario: A replacement needs a master identifier of its own
    Given a replacement for that pointer that reuses its master identifier
    When the provider creates the replacement
    Then the response is a 400 DUPLICATE_REJECTED
    And the existing pointer is "current" at version 1

  @NRLS-SUPERSEDE-004
  Scenario: Only the first relatesTo is acted on
    Given a replacement for that pointer
    And the replacement also relates to an unknown pointer with code "no-such-code"
    When the provider creates the replacement
    Then the response is a 201 RESOURCE_CREATED
    And the existing pointer is "superseded" at version 2

  @NRLS-SUPERSEDE-011 @AMB @AMB-33
  Scenario Outline: A <code> relationship is stored but supersedes nothing
    Given a replacement for that pointer
    And the relationship is "<code>" instead of replaces
    When the provider creates the replacement
    Then the response is a 201 RESOURCE_CREATED, as AMB-33 recommends
    And the existing pointer is "current" at version 1, as AMB-33 recommends

    Examples:
      | code       |
      | transforms |
      | signs      |
      | appends    |
