@area-authorisation
Feature: Authorisation by ASID and interaction
  Access is controlled by ASID and interaction (§4.5): a consumer may only search; a provider may create
  (and so supersede), delete and search. A request for an interaction the ASID does not hold is blocked;
  the spec gives no response for that, so the expected 403 ACCESS_DENIED is our choice (AMB-10).

  @NRLS-CREATE-002 @NRLS-AUTHZ-005 @NRLS-AUTHZ-006 @NRLS-AUTHZ-007 @NRLS-ERR-015 @AMB @AMB-10
  Scenario: A consumer may not create a pointer
    Given the consumer is acting
    And a valid pointer for a new patient
    When the consumer creates it
    Then the response is a 403 ACCESS_DENIED
    And the diagnostics mention "{consumer.asid}"

  @NRLS-DELETE-001 @NRLS-AUTHZ-005 @NRLS-AUTHZ-006 @NRLS-AUTHZ-007 @NRLS-ERR-015 @AMB @AMB-10
  Scenario: A consumer may not delete a pointer
    Given the provider has created a pointer for a new patient
    And the consumer is acting
    When the consumer deletes the pointer by its id
    Then the response is a 403 ACCESS_DENIED
    And a search for the patient finds 1 pointer

  @NRLS-AUTHZ-007 @NRLS-ERR-015 @AMB @AMB-10
  Scenario: The refusal names the interaction the ASID does not hold
    Given the consumer is acting
    And a valid pointer for a new patient
    When the consumer creates it
    Then the response is a 403 ACCESS_DENIED
    And the diagnostics are "ASID {consumer.asid} is not authorised for interaction urn:nhs:names:services:nrls:fhir:rest:create:documentreference"

  @NRLS-SEARCH-001 @NRLS-AUTHZ-006 @NRLS-AUTHZ-008 @AMB @AMB-09
  Scenario: A provider may search
    Given the provider is acting
    And a known patient with no pointers
    When the provider searches for the patient
    Then the response is a searchset Bundle of 0 pointers

  @NRLS-SEARCH-001 @NRLS-AUTHZ-006
  Scenario: A consumer may search
    Given the consumer is acting
    And a known patient with no pointers
    When the consumer searches for the patient
    Then the response is a searchset Bundle of 0 pointers
