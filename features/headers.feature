@area-headers
Feature: Request headers
  Every request carries Authorization, fromASID and toASID (§1.6). A search by a consumer for a known
  patient, and a create by a provider, are valid requests; each scenario removes or spoils one header.

  Background:
    Given the consumer is acting
    And a known patient with no pointers

  @NRLS-HDR-002 @NRLS-ERR-001 @NRLS-OO-003
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

  @NRLS-HDR-002 @NRLS-HDR-003 @NRLS-ERR-001 @NRLS-ERR-002
  Scenario Outline: A create without <header> is refused
    Given the provider is acting
    And a valid pointer for a new patient
    And the request has no <header> header
    When the provider creates it
    Then the response is a 400 MISSING_OR_INVALID_HEADER
    And the diagnostics are "<header> HTTP Header is missing"

    Examples:
      | header   |
      | fromASID |
      | toASID   |

  @NRLS-HDR-006 @NRLS-AUTHZ-002 @AMB @AMB-03 @AMB-60
  Scenario: A toASID that is not the Spine's ASID is refused like a missing one
    Given the request has a toASID that is not Spine's
    When the consumer searches for the patient
    Then the response is a 400 MISSING_OR_INVALID_HEADER
    And the diagnostics are "toASID HTTP Header is missing"

  @NRLS-HDR-006 @NRLS-AUTHZ-001 @AMB @AMB-03
  Scenario: An fromASID unknown to Spine is refused
    Given the request has an unknown fromASID
    When the consumer searches for the patient
    Then the response is a 400 MISSING_OR_INVALID_HEADER

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
    And the issue code is "structure"
    And the diagnostics are "The Authorisation header must be supplied"

  @NRLS-HDR-005 @AMB @AMB-02
  Scenario: Header names are matched without regard to case
    Given the request has header names in lower case
    When the consumer searches for the patient
    Then the response is a searchset Bundle of 0 pointers

  @NRLS-HDR-007
  Scenario: The Ssp headers of the old API are not needed and do no harm
    Given the request has Ssp headers of the old API
    When the consumer searches for the patient
    Then the response is a searchset Bundle of 0 pointers
