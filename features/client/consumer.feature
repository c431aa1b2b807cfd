@client @consumer @area-consumer
Feature: A consumer system searches for a patient's pointers
  The system under test is a supplier's Consumer system, pointed at the mock NRLS and made to search through
  its driver file. Each scenario judges what the mock received from the system's ASID (one search, every
  client rule's verdict on it) and, where the driver reports it, how the system handled the answer: a
  result only from a 200 searchset, its count the Bundle's total, and a failure reported for a refusal,
  a 500, a slow answer or a dropped connection. Answers other than a plain search are armed through the
  simulator's trigger table (fixtures/client-triggers.json).
  Tags: @positive, the system's own action succeeds; @negative, the mock refuses it, fails or goes silent
  (@slow: the answer comes after the trigger's delay).

  @NRLS-SEARCH-001 @NRLS-SEARCH-002 @NRLS-SEARCH-013 @positive
  Scenario: The system finds the pointer a provider registered for the patient
    Given a patient with no pointers
    And the mock holds a pointer for the patient, from another provider
    When the system searches for the patient's pointers
    Then the system sent exactly one search request
    And every client rule passed on what the system sent
    And the system reported success
    And the count the system reported is the Bundle's total

  @NRLS-SEARCH-001 @NRLS-SEARCH-002 @NRLS-SEARCH-013 @positive
  Scenario Outline: The system reads <answer> as a result
    Given the mock is armed with the trigger "<trigger>"
    When the system searches for the patient's pointers
    Then the system sent exactly one search request
    And every client rule passed on what the system sent
    And the system reported success
    And the count the system reported is the Bundle's total

    Examples:
      | answer                                 | trigger                   |
      | an empty bundle                        | search-empty-bundle       |
      | a bundle of many pointers              | search-many-pointers      |
      | a bundle holding a superseded lineage  | search-superseded-lineage |

  @NRLS-SEARCH-001 @NRLS-SEARCH-013 @negative
  Scenario Outline: The system reports a search refused with <refusal> as a failure
    Given the mock is armed with the trigger "<trigger>"
    When the system searches for the patient's pointers
    Then the system sent the search request, and at most 3 with its retries
    And every client rule passed on what the system sent
    And the system reported a failure, not a success

    @NRLS-SEARCH-017 @NRLS-ERR-012
    Examples: a patient Spine does not know
      | refusal             | trigger                |
      | 404 NO_RECORD_FOUND | search-patient-not-found |

    @NRLS-SEARCH-021 @NRLS-ERR-010
    Examples: an invalid NHS number
      | refusal                | trigger                    |
      | 400 INVALID_NHS_NUMBER | search-invalid-nhs-number  |

    @NRLS-ERR-015 @NRLS-AUTHZ-007
    Examples: access denied to the system's ASID
      | refusal           | trigger       |
      | 403 ACCESS_DENIED | access-denied |

    @NRLS-ERR-014
    Examples: an internal error
      | refusal | trigger        |
      | a 500   | internal-error |

    Examples: a dropped connection
      | refusal          | trigger                   |
      | no answer at all | dropped-connection |

  @NRLS-SEARCH-001 @NRLS-SEARCH-013 @negative @slow
  Scenario: The system does not present a result that the mock answers too slowly
    Given the mock is armed with the trigger "slow"
    When the system searches for the patient's pointers
    Then the system sent the search request, and at most 3 with its retries
    And every client rule passed on what the system sent
    And the system claimed success only if the mock's answer was a success
