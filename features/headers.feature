@area-headers
Feature: Request headers
  Every request carries Authorization, fromASID and toASID (§1.6). A search by a consumer for a known
  patient, and a create by a provider, are valid requests; each scenario removes or spoils one header.
  The spec describes missing headers; that a present but invalid ASID is refused the same way (AMB-03)
  and that header names are matched whatever their case (AMB-02) are our readings, judged as such.

  Background:
    Given the provider has created a pointer for a new patient
    And the consumer is acting

  @NRLS-HDR-002 @NRLS-ERR-001 @NRLS-OO-002 @NRLS-OO-003
  Scenario: A search without fromASID is refused
    Given the request has no fromASID header
    When the consumer searches for the patient
    Then the response is a 400 MISSING_OR_INVALID_HEADER
    And the issue code is "invalid"
    And the diagnostics are "fromASID HTTP Header is missing"

  @NRLS-HDR-003 @NRLS-ERR-002 @NRLS-OO-003
  Scenario: A search without toASID is refused
    Given the request has no toASID header
    When the consumer searches for the patient
    Then the response is a 400 MISSING_OR_INVALID_HEADER
    And the issue code is "invalid"
    And the diagnostics are "toASID HTTP Header is missing"

  Scenario Outline: A create without <header> is refused
    Given the provider is acting
    And a valid pointer for a new patient
    And the request has no <header> header
    When the provider creates it
    Then the response is a 400 MISSING_OR_INVALID_HEADER
    And the diagnostics are "<header> HTTP Header is missing"

    @NRLS-HDR-002 @NRLS-ERR-001
    Examples: fromASID
      | header   |
      | fromASID |

    @NRLS-HDR-003 @NRLS-ERR-002
    Examples: toASID
      | header   |
      | toASID   |

  @NRLS-HDR-006 @NRLS-AUTHZ-002 @AMB @AMB-03 @AMB-60
  Scenario: A toASID that is not the Spine's ASID is refused like a missing one
    Given the request has a toASID that is not Spine's
    When the consumer searches for the patient
    Then the request is refused, as AMB-03 recommends
    And the response is a 400 MISSING_OR_INVALID_HEADER, as AMB-03 recommends
    And the diagnostics are "toASID HTTP Header is missing", as AMB-03 recommends

  @NRLS-HDR-006 @NRLS-AUTHZ-001 @AMB @AMB-03
  Scenario: A fromASID unknown to Spine is refused
    Given the request has an unknown fromASID
    When the consumer searches for the patient
    Then the request is refused
    And the response is a 400 MISSING_OR_INVALID_HEADER, as AMB-03 recommends

  @NRLS-HDR-001 @NRLS-ERR-003 @NRLS-JWT-001
  Scenario: A search without Authorization is refused
    Given the request has no Authorization header
    When the consumer searches for the patient
    Then the response is a 400 MISSING_OR_INVALID_HEADER

  @NRLS-JWT-008 @NRLS-ERR-004 @AMB @AMB-01
  Scenario: A missing Authorization header gets the JWT page's response
    Given the request has no Authorization header
    When the consumer searches for the patient
    Then the response is a 400 MISSING_OR_INVALID_HEADER
    And the issue code is "structure", as AMB-01 recommends
    And the diagnostics are "The Authorisation header must be supplied", as AMB-01 recommends

  @NRLS-HDR-005 @AMB @AMB-02
  Scenario: Header names are matched without regard to case
    Given the request has header names in lower case
    When the consumer searches for the patient
    Then the response is a searchset Bundle holding the existing pointer, as AMB-02 recommends

  @NRLS-HDR-007
  Scenario: The Ssp headers of the old API are not needed and do no harm
    Given the request has Ssp headers of the old API
    When the consumer searches for the patient
    Then the response is a searchset Bundle holding the existing pointer
