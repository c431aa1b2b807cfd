@area-create
Feature: Create a pointer
  A provider registers where a patient's record lives by POSTing a DocumentReference that conforms to
  NRLS-DocumentReference-1 (§2.1, §3). Each refusal starts from a valid pointer for a patient new to the
  scenario and breaks exactly one thing, so the expected error cannot come from anything else. The
  status and Spine code are the catalogue's (§3.4); where the catalogue gives a diagnostics text, it is
  asserted too, after normalising typographic quotes and dashes (NRLS-OO-007).

  Background:
    Given the provider is acting

  @NRLS-CREATE-001 @NRLS-CREATE-005 @NRLS-CREATE-006 @NRLS-CREATE-007 @NRLS-CREATE-008 @NRLS-CREATE-023
  @NRLS-OO-001 @NRLS-OO-004 @NRLS-OO-005 @NRLS-GEN-001 @NRLS-GEN-003 @NRLS-ID-001 @NRLS-ID-002
  @NRLS-LIFE-005 @NRLS-SEARCH-015 @NRLS-SEARCH-016 @NRLS-FMT-001 @NRLS-FMT-012 @NRLS-ODS-001
  Scenario Outline: A valid pointer in <format> is created, current, at version 1
    Given a valid pointer for a new patient
    When the provider creates it in <format>
    Then the response is a 201 RESOURCE_CREATED
    And the diagnostics are "Successfully created resource DocumentReference"
    And the Location header identifies the new pointer
    And a search by its id finds it at version 1 with status "current"
    And a search by its id finds it as it was sent

    Examples:
      | format |
      | JSON   |
      | XML    |

  @NRLS-OO-006 @AMB @AMB-43
  Scenario: The success OperationOutcome claims the Spine OperationOutcome profile
    Given a valid pointer for a new patient
    When the provider creates it
    Then the response is a 201 RESOURCE_CREATED
    And the OperationOutcome claims the profile "https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1"

  @NRLS-CREATE-009
  Scenario: A client's own version is ignored
    Given a valid pointer for a new patient
    And it carries its own version "7"
    When the provider creates it
    Then the response is a 201 RESOURCE_CREATED
    And a search by its id finds it at version 1 with status "current"

  # The spec says only that a client's versionId is ignored; ignoring its id too is our reading (AMB-30).
  @NRLS-CREATE-010 @NRLS-GEN-003 @AMB @AMB-30
  Scenario: A client's own id is ignored
    Given a valid pointer for a new patient
    And it carries its own id "client-chosen-id"
    When the provider creates it
    Then the response is a 201 RESOURCE_CREATED, as AMB-30 recommends
    And the new pointer's id is not "client-chosen-id"

  @NRLS-CREATE-024 @AMB @mock-rec
  Scenario: The stored pointer claims the NRLS profile and the server's update time
    Given a valid pointer for a new patient
    When the provider creates it
    Then the response is a 201 RESOURCE_CREATED
    And a search by its id finds it with the NRLS profile and a recent lastUpdated

  @NRLS-GEN-004 @mock-rec
  Scenario: Logical ids follow the guide's <UUID>-<20 digits> form
    Given a valid pointer for a new patient
    When the provider creates it
    Then the response is a 201 RESOURCE_CREATED
    And the new pointer's id has the form of the guide's ids

  @NRLS-CREATE-012 @NRLS-ID-001
  Scenario: The master identifier is optional
    Given a valid pointer for a new patient
    But it has no master identifier
    When the provider creates it
    Then the response is a 201 RESOURCE_CREATED

  @NRLS-CREATE-015
  Scenario: The server does not insist on OID or UUID master identifiers
    Given a valid pointer for a new patient
    And its master identifier is "local-record-42" in the system "https://provider.example.nhs.uk/ids"
    When the provider creates it
    Then the response is a 201 RESOURCE_CREATED

  @NRLS-CREATE-013 @NRLS-ID-004 @NRLS-PROF-017 @NRLS-ERR-007
  Scenario: A second pointer for the same patient with the same master identifier is a duplicate
    Given the provider has created a pointer for a new patient
    And a valid pointer for that patient with the existing pointer's master identifier
    When the provider creates it
    Then the response is a 400 DUPLICATE_REJECTED

  @NRLS-ERR-007 @AMB @AMB-42
  Scenario: The duplicate diagnostics name the master identifier's value and system
    Given the provider has created a pointer for a new patient
    And a valid pointer for that patient with the existing pointer's master identifier
    When the provider creates it
    Then the response is a 400 DUPLICATE_REJECTED
    And the diagnostics are "Duplicate masterIdentifier value: {masterIdentifierValue} system: {masterIdentifierSystem}", as AMB-42 recommends

  @NRLS-CREATE-003 @NRLS-AUTHZ-013 @NRLS-PROF-016 @NRLS-HDR-009 @NRLS-ODS-003 @NRLS-ERR-006
  Scenario: A pointer whose custodian is another provider is refused
    Given a valid pointer for a new patient
    But it has the second provider's custodian
    When the provider creates it
    Then the response is a 400 INVALID_RESOURCE

  @NRLS-PROF-016 @AMB @AMB-28
  Scenario: The custodian refusal says the custodian is not affiliated with the sender
    Given a valid pointer for a new patient
    But it has the second provider's custodian
    When the provider creates it
    Then the response is a 400 INVALID_RESOURCE
    And the diagnostics are "The custodian ODS code is not affiliated with the sender ASID.", as AMB-28 recommends

  @NRLS-PROF-019
  Scenario Outline: Any MIME type is accepted for the record (<content type>)
    Given a valid pointer for a new patient
    And its record has the content type "<content type>"
    When the provider creates it
    Then the response is a 201 RESOURCE_CREATED

    Examples:
      | content type             |
      | text/html                |
      | application/vnd.ms-excel |

  @NRLS-PROF-020 @AMB @AMB-47
  Scenario: The record type display is required but not compared with the value set
    Given a valid pointer for a new patient
    And its record type display is "Crisis plan"
    When the provider creates it
    Then the response is a 201 RESOURCE_CREATED

  @NRLS-PROF-021 @AMB @AMB-61
  Scenario: Other STU3 elements are stored and returned unchanged
    Given a valid pointer for a new patient
    And it carries a description, a class, a context and an extension
    When the provider creates it
    Then the response is a 201 RESOURCE_CREATED
    And a search by its id finds it as it was sent

  @NRLS-CREATE-025 @NRLS-NHS-004 @AMB @AMB-40
  Scenario: A patient with a new pointer becomes known to NRLS
    Given a valid pointer for a new patient
    When the provider creates it
    Then the response is a 201 RESOURCE_CREATED
    And a search for the patient finds the new pointer

  Scenario Outline: A pointer with <defect> is refused
    Given a valid pointer for a new patient
    But it has <defect>
    When the provider creates it
    Then the response is a 400 <spine code>

    @NRLS-PROF-002 @NRLS-CREATE-004 @NRLS-CREATE-021 @NRLS-ERR-006
    Examples: mandatory elements missing
      | defect                               | spine code       |
      | no status                            | INVALID_RESOURCE |
      | no type                              | INVALID_RESOURCE |
      | no type coding                       | INVALID_RESOURCE |
      | no type system                       | INVALID_RESOURCE |
      | no type code                         | INVALID_RESOURCE |
      | no type display                      | INVALID_RESOURCE |
      | no subject                           | INVALID_RESOURCE |
      | no author                            | INVALID_RESOURCE |
      | no custodian                         | INVALID_RESOURCE |
      | no content                           | INVALID_RESOURCE |
      | no content type                      | INVALID_RESOURCE |
      | no attachment URL                    | INVALID_RESOURCE |
      | a relatesTo without a code           | INVALID_RESOURCE |
      | a relatesTo without a target         | INVALID_RESOURCE |

    @NRLS-PROF-002 @NRLS-CREATE-012
    Examples: a master identifier needs both system and value
      | defect                               | spine code       |
      | a master identifier without a system | INVALID_RESOURCE |
      | a master identifier without a value  | INVALID_RESOURCE |

    @NRLS-PROF-003
    Examples: mandatory elements present without a value
      | defect                           | spine code       |
      | an empty status                  | INVALID_RESOURCE |
      | an empty type code               | INVALID_RESOURCE |
      | an empty type display            | INVALID_RESOURCE |
      | an empty master identifier value | INVALID_RESOURCE |
      | an empty attachment URL          | INVALID_RESOURCE |

    @NRLS-PROF-004 @mock-rec
    Examples: prohibited elements present
      | defect                 | spine code       |
      | a type coding version  | INVALID_RESOURCE |
      | a subject display      | INVALID_RESOURCE |
      | a subject identifier   | INVALID_RESOURCE |
      | an author display      | INVALID_RESOURCE |
      | a custodian identifier | INVALID_RESOURCE |

    @NRLS-PROF-005 @mock-rec
    Examples: too many type codings or authors
      | defect            | spine code       |
      | two type codings  | INVALID_RESOURCE |
      | two authors       | INVALID_RESOURCE |

    @NRLS-PROF-006 @NRLS-CREATE-011
    Examples: a status outside document-reference-status
      | defect         | spine code       |
      | status "draft" | INVALID_RESOURCE |

    @NRLS-PROF-008
    Examples: a record type outside NRLS-RecordType-1
      | defect                             | spine code       |
      | a type system other than SNOMED CT | INVALID_RESOURCE |

    @NRLS-PROF-009
    Examples: indexed that is not a FHIR instant
      | defect                              | spine code       |
      | an indexed date without a time      | INVALID_RESOURCE |
      | an indexed time without a time zone | INVALID_RESOURCE |
      | an indexed time on 30 February      | INVALID_RESOURCE |

    @NRLS-PROF-010
    Examples: an attachment creation that is not a FHIR dateTime
      | defect                                          | spine code       |
      | an attachment creation that is not a dateTime   | INVALID_RESOURCE |
      | an attachment creation time without a time zone | INVALID_RESOURCE |

    @NRLS-PROF-011 @NRLS-SUPERSEDE-011
    Examples: a relationship code outside document-relationship-type
      | defect              | spine code       |
      | relatesTo code "updates" | INVALID_RESOURCE |

    @NRLS-PROF-018 @mock-rec
    Examples: an attachment URL that is not absolute
      | defect                    | spine code       |
      | a relative attachment URL | INVALID_RESOURCE |

  # indexed is absent from NRLS's data model and mapping table, but 1..1 in STU3 and validated by the
  # general guidance: that it is required is our reading (AMB-51).
  @NRLS-PROF-002 @AMB @AMB-51
  Scenario: A pointer with no indexed time is refused
    Given a valid pointer for a new patient
    But it has no indexed time
    When the provider creates it
    Then the response is a 400 INVALID_RESOURCE, as AMB-51 recommends

  # An empty reference is also not an NRLS patient URL (NRLS-CREATE-016, INVALID_PARAMETER); the spec does
  # not say which error wins (AMB-50), so either code is the spec.
  @NRLS-PROF-003 @NRLS-CREATE-016
  Scenario: A pointer with an empty subject reference is refused
    Given a valid pointer for a new patient
    But it has an empty subject reference
    When the provider creates it
    Then the request is refused with INVALID_RESOURCE or INVALID_PARAMETER

  # Every pointer is born current (NRLS-LIFE-005); refusing one that says otherwise, and with which code,
  # is the reference implementation's answer, which we recommend (AMB-29).
  @NRLS-PROF-007 @NRLS-CREATE-011 @NRLS-LIFE-005 @AMB @AMB-29
  Scenario Outline: A new pointer with status "<status>" is refused, or created current
    Given a valid pointer for a new patient
    But it has status "<status>"
    When the provider creates it
    Then the request is refused, or the pointer is created current
    And the response is a 400 INVALID_RESOURCE, as AMB-29 recommends

    Examples:
      | status           |
      | superseded       |
      | entered-in-error |

  # A target given by URL identifies no pointer (NRLS-SUPERSEDE-016): the supersede must fail
  # (NRLS-SUPERSEDE-006); the spec gives no code for it (AMB-32).
  @NRLS-SUPERSEDE-016 @NRLS-SUPERSEDE-006 @AMB @AMB-32
  Scenario: A supersede target given by URL, not by identifier, is refused
    Given a valid pointer for a new patient
    But it has a relatesTo target given by URL
    When the provider creates it
    Then the request is refused
    And the response is a 400 INVALID_RESOURCE, as AMB-32 recommends


  Scenario Outline: A pointer with <defect> gets the catalogue's diagnostics
    Given a valid pointer for a new patient
    But it has <defect>
    When the provider creates it
    Then the response is a 400 <spine code>
    And the diagnostics are "<diagnostics>"

    @NRLS-PROF-013 @NRLS-CREATE-017 @NRLS-NHS-001 @NRLS-NHS-002 @NRLS-NHS-004 @NRLS-ERR-010
    Examples: an NHS number that fails the format or Modulus 11
      | defect                                 | spine code         | diagnostics |
      | an NHS number with a wrong check digit | INVALID_NHS_NUMBER | The NHS number does not conform to the NHS Number format: {pointerNhsNumber}. |
      | an NHS number of nine digits           | INVALID_NHS_NUMBER | The NHS number does not conform to the NHS Number format: {pointerNhsNumber}. |

    @NRLS-NHS-006 @AMB @AMB-58
    Examples: an NHS number with separators (strict format)
      | defect                  | spine code         | diagnostics |
      | an NHS number with spaces | INVALID_NHS_NUMBER | The NHS number does not conform to the NHS Number format: {pointerNhsNumber}. |

    @NRLS-PROF-015 @NRLS-CREATE-019 @NRLS-ODS-002 @NRLS-ERR-009 @AMB @AMB-26 @AMB-57
    Examples: an author organisation NRLS does not know
      | defect                         | spine code             | diagnostics |
      | an unknown author organisation | ORGANISATION_NOT_FOUND | The ODS code in the custodian and/or author element is not resolvable – {unknownOds}. |

  Scenario Outline: A pointer with <defect> is refused with the legacy page's diagnostics
    Given a valid pointer for a new patient
    But it has <defect>
    When the provider creates it
    Then the response is a 400 <spine code>
    And the diagnostics are "<diagnostics>", as the catalogue recommends

    @NRLS-PROF-012 @NRLS-CREATE-016 @NRLS-ERR-005
    Examples: a subject that is not an NRLS patient URL
      | defect                              | spine code        | diagnostics |
      | a subject on another server         | INVALID_PARAMETER | The given resource URL does not conform to the expected format - https://demographics.spineservices.nhs.uk/STU3/Patient/[NHS Number] |

  # The patient URL's base with no NHS number after it: a wrong URL (NRLS-CREATE-016) and an invalid NHS
  # number (NRLS-CREATE-017) at once; the spec does not say which wins (AMB-50), so either is the spec.
  @NRLS-PROF-012 @NRLS-CREATE-016 @NRLS-CREATE-017
  Scenario: A subject URL without an NHS number is refused
    Given a valid pointer for a new patient
    But it has a subject URL without an NHS number
    When the provider creates it
    Then the request is refused with INVALID_PARAMETER or INVALID_NHS_NUMBER

  # A wrong organisation URL: NRLS-CREATE-018 says INVALID_PARAMETER, but the "Organisation not found"
  # section also claims a URL that is invalid (AMB-25): either code is the spec, ours is INVALID_PARAMETER.
  @NRLS-PROF-014 @NRLS-CREATE-018 @NRLS-ERR-005 @AMB @AMB-25
  Scenario Outline: A pointer with <organisation> on another server is refused with the legacy page's diagnostics
    Given a valid pointer for a new patient
    But it has <organisation> on another server
    When the provider creates it
    Then the request is refused with INVALID_PARAMETER or ORGANISATION_NOT_FOUND
    And the response is a 400 INVALID_PARAMETER, as AMB-25 recommends
    And the diagnostics are "The given resource URL does not conform to the expected format - https://directory.spineservices.nhs.uk/STU3/Organization/[ODS Code]", as the catalogue recommends

    Examples:
      | organisation |
      | an author    |
      | a custodian  |

  @NRLS-PROF-006 @AMB @AMB-27
  Scenario: A status outside the value set is named in the diagnostics
    Given a valid pointer for a new patient
    But it has status "draft"
    When the provider creates it
    Then the response is a 400 INVALID_RESOURCE
    And the issue code is "invalid"
    And the display is "Invalid validation of resource", as AMB-27 recommends
    And the diagnostics are "Resource is invalid : status" or "The NRLS DocumentReferenceStatus  valueset does not contain the status: draft", as AMB-27 recommends

  @NRLS-PROF-007 @AMB @AMB-27 @AMB-29
  Scenario: A new pointer that is not current is refused with the RI's diagnostics
    Given a valid pointer for a new patient
    But it has status "superseded"
    When the provider creates it
    Then the response is a 400 INVALID_RESOURCE, as AMB-29 recommends
    And the diagnostics are "The status of a new DocumentReference can only be \"current\"", as AMB-29 recommends

  @NRLS-PROF-008 @AMB @AMB-46
  Scenario: A record type the value set does not hold is refused, though two of the spec's examples use it
    Given a valid pointer for a new patient
    But it has type code "718347000"
    When the provider creates it
    Then the request is refused, as AMB-46 recommends
    And the response is a 400 INVALID_RESOURCE, as AMB-46 recommends

  @NRLS-PROF-015 @NRLS-ODS-004 @AMB @AMB-25
  Scenario: An author URL with no ODS code is refused
    Given a valid pointer for a new patient
    But it has an author URL without an ODS code
    When the provider creates it
    Then the request is refused with ORGANISATION_NOT_FOUND or INVALID_PARAMETER
    And the response is a 400 ORGANISATION_NOT_FOUND, as AMB-25 recommends
    And the diagnostics are "The ODS code in the custodian and/or author element is not resolvable – .", as AMB-25 recommends

  @NRLS-PROF-019 @mock-rec
  Scenario: A content type that is not a MIME type is refused
    Given a valid pointer for a new patient
    But it has content type "pdf"
    When the provider creates it
    Then the request is refused, as the catalogue recommends
    And the response is a 400 INVALID_RESOURCE, as the catalogue recommends

  @NRLS-PROF-003
  Scenario Outline: A pointer in XML with <body part> is refused
    Given a valid pointer for a new patient
    When the provider sends the pointer in XML with <body part>
    Then the response is a 400 INVALID_RESOURCE

    Examples:
      | body part             |
      | an empty status       |
      | an empty type code    |
      | an empty attachment URL |
