@area-robustness
Feature: Malformed and hostile requests
  A body that is not well-formed or not FHIR is refused with INVALID_REQUEST_MESSAGE (NRLS-PROF-001),
  never with a server error; an external XML entity is refused, and (our choice) so are internal ones,
  rather than expanded. An element STU3 does not define may be refused or ignored, never kept. Each
  scenario sends one otherwise valid create.

  Background:
    Given the provider is acting
    And a valid pointer for a new patient

  Scenario Outline: A create with <body> is INVALID_REQUEST_MESSAGE
    When the provider sends <body>
    Then the response is a 400 INVALID_REQUEST_MESSAGE
    And the diagnostics are "Invalid Request Message"

    @NRLS-PROF-001 @NRLS-CREATE-020 @NRLS-ERR-008
    Examples: not well-formed
      | body                                 |
      | a body that is not well-formed JSON  |
      | a body that is not well-formed XML   |
      | XML with text after the root element |
      | bytes that are not UTF-8             |

    @NRLS-PROF-001 @NRLS-CREATE-020 @NRLS-GEN-001
    Examples: well-formed, but not FHIR STU3
      | body                                      |
      | XML outside the FHIR namespace            |
      | a JSON array                              |
      | JSON without a resourceType               |

    @NRLS-CREATE-020 @security
    Examples: an external entity (an attribute may not refer to one: not well-formed)
      | body                             |
      | XML declaring an external entity |

  @NRLS-CREATE-020 @NRLS-GEN-001
  Scenario Outline: A create with <body> is refused, or stored without that element
    STU3 lets a server ignore an element it does not define, or refuse the resource; either way what it
    stores and returns must be STU3, so an accepted pointer comes back without the element.
    When the provider sends <body>
    Then the request is refused, or the pointer is stored without the element STU3 does not define

    Examples:
      | body                                     |
      | an element FHIR STU3 does not define     |
      | an XML element FHIR STU3 does not define |

  @NRLS-CREATE-020 @NRLS-CREATE-028 @mock-rec
  Scenario: An empty body is INVALID_REQUEST_MESSAGE
    When the provider sends an empty body
    Then the response is a 400 INVALID_REQUEST_MESSAGE

  # Internal entities are well-formed XML and no catalogue row forbids them; HL7 advises servers not to
  # expand XML entities. Refusing a body that declares them (no entity expansion) is this project's choice.
  @NRLS-CREATE-020 @security @mock-rec
  Scenario: A create with XML declaring nested entities is refused
    When the provider sends XML declaring nested entities
    Then the response is a 400 INVALID_REQUEST_MESSAGE, as this project recommends
    And the diagnostics are "Invalid Request Message", as this project recommends

  # The body must be a DocumentReference (NRLS-CREATE-001); the code for another resource is the
  # catalogue's recommendation (NRLS-CREATE-027).
  @NRLS-CREATE-001 @NRLS-CREATE-027 @mock-rec
  Scenario: A resource other than DocumentReference is refused
    When the provider sends a Patient resource
    Then the request is refused
    And the response is a 400 INVALID_RESOURCE, as the catalogue recommends
