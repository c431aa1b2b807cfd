@area-delete
Feature: Delete a pointer
  A provider removes one of its own pointers by logical id or by patient and master identifier (§2.4).
  Deleting is a conditional delete on the collection URL; the pointer then never appears again.

  Background:
    Given the provider has created a pointer for a new patient
    And the provider is acting

  @NRLS-DELETE-002 @NRLS-DELETE-006 @NRLS-DELETE-007 @NRLS-OO-005
  Scenario Outline: A provider deletes its pointer by logical id (<format>)
    Given the client asks for <format>
    When the provider deletes the pointer by its id
    Then the response is a 200 RESOURCE_DELETED
    And the diagnostics start with "Successfully removed resource DocumentReference: "

    Examples:
      | format |
      | JSON   |
      | XML    |

  @NRLS-DELETE-007 @NRLS-DELETE-011 @AMB @AMB-37
  Scenario: The delete diagnostics name the request URL
    When the provider deletes the pointer by its id
    Then the response is a 200 RESOURCE_DELETED
    And the diagnostics are "Successfully removed resource DocumentReference: {requestUrl}", as AMB-37 recommends

  @NRLS-OO-006 @AMB @AMB-43
  Scenario: The delete OperationOutcome claims the Spine OperationOutcome profile
    When the provider deletes the pointer by its id
    Then the response is a 200 RESOURCE_DELETED
    And the OperationOutcome claims the profile "https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1"

  @NRLS-DELETE-003 @NRLS-DELETE-010
  Scenario: A provider deletes its pointer by patient and master identifier
    When the provider deletes the pointer by its master identifier
    Then the response is a 200 RESOURCE_DELETED
    And a search for the patient no longer finds the pointer

  @NRLS-DELETE-010 @NRLS-DELETE-008 @NRLS-ERR-011
  Scenario: A deleted pointer is gone: deleting it again is not found
    Given that pointer has been deleted
    When the provider deletes the pointer by its id
    Then the response is a 404 NO_RECORD_FOUND
    And the diagnostics are "No record found for supplied DocumentReference identifier - {existingId}"

  @NRLS-DELETE-010 @NRLS-SEARCH-018
  Scenario: A deleted pointer is gone: a search by its id is not found
    Given that pointer has been deleted
    When the consumer searches by the pointer's id
    Then the response is a 404 NO_RECORD_FOUND

  @NRLS-DELETE-008 @NRLS-ERR-011
  Scenario: A logical id that matches no pointer is not found
    When the provider deletes by an id that matches no pointer
    Then the response is a 404 NO_RECORD_FOUND
    And the diagnostics are "No record found for supplied DocumentReference identifier - 0353e505-f7be-4c20-8f4e-337e79a32c51-76009894321256642261"

  @NRLS-DELETE-009 @AMB @AMB-35
  Scenario: A master identifier that matches no pointer is not found
    When the provider deletes by a master identifier that matches no pointer
    Then the response is a 404 NO_RECORD_FOUND
    And the diagnostics are "No record found for supplied DocumentReference identifier - urn:oid:1.3.6.1.4.1.21367.2005.3.999"

  @NRLS-DELETE-005 @NRLS-AUTHZ-014 @NRLS-HDR-009 @NRLS-ERR-006
  Scenario Outline: Another provider may not delete the pointer (by <key>)
    Given the second provider is acting
    When the second provider deletes the pointer by its <key>
    Then the response is a 400 INVALID_RESOURCE
    And a search for the patient still finds the pointer

    Examples:
      | key               |
      | id                |
      | master identifier |

  @NRLS-DELETE-005 @AMB @AMB-28
  Scenario: The ownership refusal says the custodian is not affiliated with the sender
    Given the second provider is acting
    When the second provider deletes the pointer by its id
    Then the response is a 400 INVALID_RESOURCE
    And the diagnostics are "The custodian ODS code is not affiliated with the sender ASID.", as AMB-28 recommends

  @NRLS-DELETE-013 @AMB @AMB-36
  Scenario: A superseded pointer can be deleted
    Given that pointer has been superseded
    When the provider deletes the pointer by its id
    Then the response is a 200 RESOURCE_DELETED

  Scenario Outline: A delete with <problem> is refused and deletes nothing
    When the provider deletes <deletion>
    Then the response is a 400 <spine code>
    And a search for the patient still finds the pointer

    @NRLS-DELETE-004
    Examples: a master identifier needs system and value
      | problem                           | deletion                                                 | spine code        |
      | an identifier without a system    | by the pointer's master identifier value, with no system | INVALID_PARAMETER |
      | an identifier with an empty value | by a master identifier with a system but no value        | INVALID_PARAMETER |

    @NRLS-DELETE-012 @AMB @AMB-35
    Examples: neither form of delete
      | problem            | deletion                                                | spine code        |
      | no parameters      | with no parameters                                      | INVALID_PARAMETER |
      | a subject alone    | by the patient alone                                    | INVALID_PARAMETER |
      | both forms at once | the pointer by its id and its master identifier at once | INVALID_PARAMETER |

    @NRLS-NHS-004 @NRLS-ERR-010
    Examples: an invalid NHS number in a delete by master identifier
      | problem               | deletion                                                            | spine code         |
      | an invalid NHS number | the pointer by its master identifier, for the NHS number 9876543211 | INVALID_NHS_NUMBER |
