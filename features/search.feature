@area-search
Feature: Search pointers
  A consumer (or a provider) finds a patient's pointers by NHS number, narrowed by custodian or record
  type, or one pointer by its logical id (§2.3). Search results are searchset Bundles with no links,
  fullUrl or search mode; the scenarios never depend on the order of the entries (NRLS-SEARCH-030). A
  patient may have pointers the scenario did not make (a target's own test patients), so a search is
  judged on the pointers the scenario itself created, and a count against the count just before.
  Scenarios tagged @two-record-types run only against a target whose profile lists a second record
  type: with NRLS-RecordType-1's single code, a type filter cannot be seen to leave anything out.

  Background:
    Given the consumer is acting

  @NRLS-SEARCH-001 @NRLS-SEARCH-002 @NRLS-SEARCH-013 @NRLS-SEARCH-014 @NRLS-SEARCH-015 @NRLS-SEARCH-027 @NRLS-SEARCH-030
  Scenario Outline: A patient search in <format> returns every pointer of the patient
    Given the provider has created a pointer for a new patient
    And the second provider has created a pointer for that patient
    When the consumer searches for the patient in <format>
    Then the response is a searchset Bundle holding the pointers created for the patient

    Examples:
      | format |
      | JSON   |
      | XML    |

  @NRLS-SEARCH-004 @NRLS-SEARCH-005 @NRLS-GEN-005 @NRLS-ODS-001
  Scenario: custodian.identifier narrows the search to one provider's pointers
    Given the provider has created a pointer for a new patient
    And the second provider has created a pointer for that patient
    When the consumer searches for the patient with the second provider as custodian
    Then the response is a searchset Bundle holding, of the pointers created for the patient, only the second provider's
    And every pointer in the Bundle has the second provider as custodian

  @NRLS-SEARCH-004 @NRLS-SEARCH-006
  Scenario: type.coding narrows the search to a record type
    Given the provider has created a pointer for a new patient
    When the consumer searches for the patient with the first record type
    Then the response is a searchset Bundle holding the pointers created for the patient
    And every pointer in the Bundle is of the record type "{firstRecordType}"

  @NRLS-SEARCH-004 @NRLS-SEARCH-006 @two-record-types
  Scenario: type.coding leaves out pointers of another record type
    Given the provider has created a pointer for a new patient
    And the provider has created a pointer of the target's second record type for that patient
    When the consumer searches for the patient with the first record type
    Then the response is a searchset Bundle holding, of the pointers created for the patient, only the one created first
    And every pointer in the Bundle is of the record type "{firstRecordType}"

  @NRLS-SEARCH-029 @AMB @AMB-17
  Scenario: The parameter alias custodian is understood
    Given the provider has created a pointer for a new patient
    And the second provider has created a pointer for that patient
    When the consumer searches for the patient with the provider as custodian, by the alias custodian
    Then the response is a searchset Bundle holding, of the pointers created for the patient, only the provider's
    And every pointer in the Bundle has the provider as custodian

  @NRLS-SEARCH-029 @AMB @AMB-17
  Scenario: The parameter alias type is understood
    Given the provider has created a pointer for a new patient
    And the second provider has created a pointer for that patient
    When the consumer searches for the patient with the first record type, by the alias type
    Then the response is a searchset Bundle holding the pointers created for the patient
    And every pointer in the Bundle is of the record type "{firstRecordType}"

  @NRLS-SEARCH-007 @NRLS-SEARCH-008
  Scenario: A search by logical id returns that pointer alone
    Given the provider has created a pointer for a new patient
    When the consumer searches by the pointer's id
    Then the response is a searchset Bundle of 1 pointer
    And the Bundle holds the existing pointer with status "current"

  @NRLS-SEARCH-010 @AMB @AMB-18
  Scenario: _summary=count gives the number of pointers and no entries
    Given a patient for new pointers, whose pointers have been counted
    And the provider has created a pointer for that patient
    And the second provider has created a pointer for that patient
    When the consumer searches for the number of the patient's pointers
    Then the response is a count of 2 more than before, with no entries

  @NRLS-SEARCH-017 @NRLS-NHS-007 @NRLS-ERR-012 @AMB @AMB-40
  Scenario: A valid NHS number without a Spine Clinicals record is not found
    Given a patient unknown to NRLS
    When the consumer searches for the patient
    Then the response is a 404 NO_RECORD_FOUND
    And the diagnostics are "The given NHS number could not be found {nhsNumber}"

  @NRLS-SEARCH-017 @AMB @AMB-40 @known-patient
  Scenario: A known patient with no pointers gets an empty Bundle
    Given a known patient with no pointers
    When the consumer searches for the patient
    Then the response is a searchset Bundle of 0 pointers

  @NRLS-SEARCH-018 @NRLS-ERR-011
  Scenario: A logical id that matches no pointer is not found
    When the consumer searches by an id that matches no pointer
    Then the response is a 404 NO_RECORD_FOUND
    And the diagnostics are "No record found for supplied DocumentReference identifier - 0353e505-f7be-4c20-8f4e-337e79a32c51-76009894321256642261"

  @NRLS-SEARCH-018 @AMB @AMB-49
  Scenario: A malformed logical id is simply not found
    When the consumer searches by a malformed id
    Then the request is refused
    And the response is a 404 NO_RECORD_FOUND, as AMB-49 recommends

  @NRLS-SEARCH-026 @NRLS-LIFE-001 @AMB @AMB-23
  Scenario: Superseded pointers are returned too
    Given the provider has created a pointer for a new patient
    And that pointer has been superseded
    When the consumer searches for the patient
    Then the response is a searchset Bundle holding the pointers created for the patient
    And the Bundle holds the existing pointer with status "superseded"

  @NRLS-SEARCH-028 @NRLS-DELETE-010
  Scenario: A deleted pointer no longer appears
    Given the provider has created a pointer for a new patient
    And the second provider has created a pointer for that patient
    And that pointer has been deleted
    When the consumer searches for the patient
    Then the response is a searchset Bundle holding, of the pointers created for the patient, only the provider's

  @NRLS-SEARCH-017 @NRLS-SEARCH-028 @AMB @AMB-53 @known-patient
  Scenario: A patient whose only pointer was deleted gets an empty Bundle
    Given the provider has created a pointer for the known patient with no pointers
    And that pointer has been deleted
    When the consumer searches for the patient
    Then the response is a searchset Bundle of 0 pointers, as AMB-53 recommends

  Scenario Outline: A search with <problem> is refused
    Given the provider has created a pointer for a new patient
    When the consumer searches <search>
    Then the response is a 400 <spine code>

    @NRLS-SEARCH-009
    Examples: _id with another parameter
      | problem         | search                                  | spine code        |
      | _id and subject | by the pointer's id and for the patient | INVALID_PARAMETER |

    @NRLS-SEARCH-011
    Examples: _summary other than count
      | problem       | search                              | spine code        |
      | _summary=data | for the patient, summarised as data | INVALID_PARAMETER |
      | _summary=true | for the patient, summarised as true | INVALID_PARAMETER |

    @NRLS-SEARCH-012 @AMB @AMB-18
    Examples: _summary with a filter
      | problem                   | search                                                     | spine code        |
      | _summary with a custodian | for the number of the patient's pointers from the provider | INVALID_PARAMETER |
      | _summary with a type      | for the number of the patient's pointers of a record type  | INVALID_PARAMETER |

    @NRLS-SEARCH-022 @NRLS-ODS-002 @AMB @AMB-20
    Examples: a custodian NRLS cannot use
      | problem                               | search                                                        | spine code        |
      | a custodian in another system         | for the patient with a custodian in another identifier system | INVALID_PARAMETER |
      | an unknown custodian                  | for the patient with an unknown custodian                     | INVALID_PARAMETER |
      | a custodian without the provider role | for the patient with a custodian that is not a provider       | INVALID_PARAMETER |

    @NRLS-SEARCH-023
    Examples: a record type in another code system
      | problem                       | search                                                    | spine code        |
      | a type in another code system | for the patient with a record type in another code system | INVALID_PARAMETER |

    @NRLS-SEARCH-025 @AMB @AMB-22
    Examples: parameters NRLS 1.2.x does not have
      | problem | search                                  | spine code        |
      | _count  | for the patient, ten pointers a page    | INVALID_PARAMETER |
      | _sort   | for the patient, sorted by indexed time | INVALID_PARAMETER |
      | patient | by patient rather than subject          | INVALID_PARAMETER |
      | period  | for the patient, in the period 2018     | INVALID_PARAMETER |

  @NRLS-SEARCH-003 @NRLS-SEARCH-020 @AMB @AMB-19
  Scenario Outline: A search with <problem> is refused
    Given the provider has created a pointer for a new patient
    When the consumer searches <search>
    Then the request is refused with INVALID_PARAMETER or INVALID_NHS_NUMBER
    And the response is a 400 INVALID_PARAMETER, as AMB-19 recommends

    Examples: no patient
      | problem                      | search                                         |
      | no parameters                | with no parameters                             |
      | a custodian but no subject   | for the provider's pointers, with no patient   |
      | a type but no subject        | for pointers of a record type, with no patient |
      | a subject with no NHS number | for a patient URL with no NHS number           |

  Scenario Outline: A search with <problem> gets the catalogue's diagnostics
    When the consumer searches <search>
    Then the response is a 400 <spine code>
    And the diagnostics are "<diagnostics>"

    @NRLS-SEARCH-019 @NRLS-ERR-005
    Examples: a subject that is not an NRLS patient URL
      | problem                     | search                          | spine code        | diagnostics                                                                                                                          |
      | a subject on another server | for a patient on another server | INVALID_PARAMETER | The given resource URL does not conform to the expected format - https://demographics.spineservices.nhs.uk/STU3/Patient/[NHS Number] |

    @NRLS-SEARCH-021 @NRLS-NHS-001 @NRLS-NHS-002 @NRLS-NHS-004 @NRLS-ERR-010
    Examples: an NHS number that fails Modulus 11
      | problem              | search                        | spine code         | diagnostics                                                           |
      | a wrong check digit  | for the NHS number 9876543211 | INVALID_NHS_NUMBER | The NHS number does not conform to the NHS Number format: 9876543211. |
      | an impossible number | for the NHS number 0000003000 | INVALID_NHS_NUMBER | The NHS number does not conform to the NHS Number format: 0000003000. |

    @NRLS-NHS-006 @AMB @AMB-58
    Examples: an NHS number with separators
      | problem | search                          | spine code         | diagnostics                                                             |
      | spaces  | for the NHS number 987 654 3210 | INVALID_NHS_NUMBER | The NHS number does not conform to the NHS Number format: 987 654 3210. |

  @NRLS-SEARCH-023 @AMB @AMB-46
  Scenario: A search for a record type the value set does not hold is refused, though two of the spec's examples use it
    Given the provider has created a pointer for a new patient
    When the consumer searches for the patient with a record type the value set does not hold
    Then the request is refused, as AMB-46 recommends
    And the response is a 400 INVALID_PARAMETER, as AMB-46 recommends
