@client @provider @area-provider
Feature: A provider system creates, supersedes and deletes pointers
  The system under test is a supplier's Provider system, pointed at the mock NRLS and made to act through
  its driver file. Each scenario judges what the mock received from the system's ASID (one request of the
  interaction, every client rule's verdict on it) and, where the driver reports it, how the system handled
  the answer. Refusals are armed through the simulator's trigger table (fixtures/client-triggers.json): the
  mock answers the trigger's outcome, and the system must report a failure, never a success.
  Tags: @positive, the system's own action succeeds; @negative, the mock refuses it, fails or goes silent
  (@slow: the answer comes after the trigger's delay).

  @NRLS-CREATE-001 @NRLS-CREATE-005 @NRLS-CREATE-023 @positive
  Scenario: The system creates a pointer
    Given a patient with no pointers
    When the system creates a pointer for the patient
    Then the system sent exactly one create request
    And every client rule passed on what the system sent
    And the system reported success
    And the pointer the system reported exists on the mock

  @NRLS-SUPERSEDE-002 @NRLS-SUPERSEDE-009 @positive
  Scenario: The system supersedes its own pointer
    Given the system has created a pointer for a patient with no pointers
    When the system supersedes that pointer
    Then the system sent exactly one supersede request
    And every client rule passed on what the system sent
    And the system reported success
    And the pointer the system reported exists on the mock

  @NRLS-DELETE-002 @NRLS-DELETE-006 @positive
  Scenario: The system deletes its own pointer, by its id or by its master identifier
    Given the system has created a pointer for a patient with no pointers
    When the system deletes that pointer
    Then the system sent exactly one delete request
    And every client rule passed on what the system sent
    And the system reported success

  @NRLS-CREATE-001 @NRLS-CREATE-005 @negative
  Scenario Outline: The system reports a create refused with <refusal> as a failure
    Given the mock is armed with the trigger "<trigger>"
    When the system creates a pointer for the patient
    Then the system sent the create request, and at most 3 with its retries
    And every client rule passed on what the system sent
    And the system reported a failure, not a success

    @NRLS-ERR-006
    Examples: an invalid resource
      | refusal                  | trigger                 |
      | 400 INVALID_RESOURCE     | create-invalid-resource |

    @NRLS-ERR-007
    Examples: a duplicate master identifier
      | refusal                  | trigger                   |
      | 400 DUPLICATE_REJECTED   | create-duplicate |

    @NRLS-ERR-009
    Examples: an unknown organisation
      | refusal                    | trigger                       |
      | 400 ORGANISATION_NOT_FOUND | create-organisation-not-found |

    @NRLS-ERR-015 @NRLS-AUTHZ-007
    Examples: access denied to the system's ASID
      | refusal            | trigger       |
      | 403 ACCESS_DENIED  | access-denied |

    @NRLS-ERR-014
    Examples: an internal error
      | refusal | trigger               |
      | a 500   | create-internal-error |

    Examples: a dropped connection
      | refusal                | trigger                   |
      | no answer at all       | dropped-connection |

  @NRLS-CREATE-001 @NRLS-CREATE-005 @negative @slow
  Scenario: The system does not claim a create that the mock answers too slowly
    Given the mock is armed with the trigger "slow"
    When the system creates a pointer for the patient
    Then the system sent the create request, and at most 3 with its retries
    And every client rule passed on what the system sent
    And the system claimed success only if the mock's answer was a success

  @NRLS-DELETE-002 @NRLS-DELETE-006 @NRLS-DELETE-008 @negative
  Scenario: The system reports a delete refused with 404 NO_RECORD_FOUND as a failure
    Given the mock is armed with the triggers "id-no-record-found" and "delete-no-record-found"
    When the system deletes that pointer
    Then the system sent the delete request, and at most 3 with its retries
    And every client rule passed on what the system sent
    And the system reported a failure, not a success
