@area-authorisation
Feature: Authorisation by ASID and interaction
  Access is controlled by ASID and interaction (§4.5): a consumer may only search; a provider may create
  (and so supersede), delete and search. A request for an interaction the ASID does not hold is blocked:
  the spec requires the refusal, and the suite judges that as the spec. It gives no response for it, so
  the 403 ACCESS_DENIED and its diagnostics are our choice (AMB-10), judged on their own.

  @NRLS-CREATE-002 @NRLS-AUTHZ-005 @NRLS-AUTHZ-006 @NRLS-AUTHZ-007 @NRLS-ERR-015 @AMB @AMB-10
  Scenario: A consumer may not create a pointer
    Given the consumer is acting
    And a valid pointer for a new patient
    When the consumer creates it
    Then the request is refused
    And the response is a 403 ACCESS_DENIED, as AMB-10 recommends
    And the diagnostics mention "{consumer.asid}", as AMB-10 recommends

  @NRLS-DELETE-001 @NRLS-AUTHZ-005 @NRLS-AUTHZ-006 @NRLS-AUTHZ-007 @NRLS-ERR-015 @AMB @AMB-10
  Scenario: A consumer may not delete a pointer
    Given the provider has created a pointer for a new patient
    And the consumer is acting
    When the consumer deletes the pointer by its id
    Then the request is refused
    And the response is a 403 ACCESS_DENIED, as AMB-10 recommends
    And a search for the patient still finds the pointer

  @NRLS-AUTHZ-007 @NRLS-ERR-015 @AMB @AMB-10
  Scenario: The refusal names the interaction the ASID does not hold
    Given the consumer is acting
    And a valid pointer for a new patient
    When the consumer creates it
    Then the response is a 403 ACCESS_DENIED, as AMB-10 recommends
    And the diagnostics are "ASID {consumer.asid} is not authorised for interaction urn:nhs:names:services:nrls:fhir:rest:create:documentreference", as AMB-10 recommends

  @NRLS-SEARCH-001 @NRLS-AUTHZ-008 @AMB @AMB-09
  Scenario: A provider may search
    Given the provider is acting
    And the provider has created a pointer for a new patient
    When the provider searches for the patient
    Then the response is a searchset Bundle holding the existing pointer, as AMB-09 recommends

  @NRLS-SEARCH-001 @NRLS-AUTHZ-006
  Scenario: A consumer may search
    Given the consumer is acting
    And the provider has created a pointer for a new patient
    When the consumer searches for the patient
    Then the response is a searchset Bundle holding the existing pointer
