@area-content-negotiation
Feature: Content negotiation
  NRLS speaks FHIR STU3 XML and JSON (§1.5). The client chooses with Accept or the `_format` parameter,
  which wins; with neither the answer is XML. Responses always carry the STU3 media type (our reading,
  AMB-15, judged on its own). The spec lists an unsupported `_format` both as 415 and as an invalid
  parameter (AMB-13): either refusal meets the spec; the 415 is our choice.

  Background:
    Given the consumer is acting
    And the provider has created a pointer for a new patient

  @NRLS-FMT-005 @NRLS-FMT-009
  Scenario: With neither Accept nor _format the answer is XML
    Given the client names no format
    When the consumer searches for the patient
    Then the response is in XML

  @NRLS-HDR-004
  Scenario: Without Accept the search is answered
    Given the client names no format
    When the consumer searches for the patient
    Then the response is a searchset Bundle holding the pointers created for the patient

  @NRLS-FMT-001 @NRLS-FMT-009 @NRLS-FMT-012
  Scenario Outline: Accept <accept> gets <format>
    When the consumer searches for the patient accepting "<accept>"
    Then the response is in <format>

    Examples:
      | accept                | format |
      | application/fhir+json | JSON   |
      | application/fhir+xml  | XML    |

  @NRLS-FMT-009 @AMB @AMB-15
  Scenario Outline: The older alias <accept> gets <format> with the STU3 media type
    When the consumer searches for the patient accepting "<accept>"
    Then the response is in <format>

    @NRLS-FMT-002
    Examples: DSTU2 types
      | accept                | format |
      | application/json+fhir | JSON   |
      | application/xml+fhir  | XML    |

    @NRLS-FMT-003
    Examples: generic types
      | accept           | format |
      | application/json | JSON   |
      | application/xml  | XML    |
      | text/json        | JSON   |

  @NRLS-FMT-004
  Scenario Outline: _format <parameter> wins over Accept <accept>
    When the consumer searches for the patient accepting "<accept>" with _format "<parameter>"
    Then the response is in <format>

    Examples:
      | accept                | parameter             | format |
      | application/fhir+xml  | application/fhir+json | JSON   |
      | application/fhir+json | application/fhir+xml  | XML    |

  @NRLS-FMT-008 @AMB @AMB-14
  Scenario Outline: _format takes the short form <parameter>
    When the consumer searches for the patient with _format "<parameter>"
    Then the response is in <format>

    Examples:
      | parameter | format |
      | json      | JSON   |
      | xml       | XML    |

  @NRLS-FMT-006 @NRLS-ERR-013 @NRLS-SEARCH-024 @AMB @AMB-13
  Scenario Outline: An unsupported _format is 415 (<case>)
    When the consumer searches for the patient accepting "<accept>" with _format "<parameter>"
    Then the request is refused with UNSUPPORTED_MEDIA_TYPE or INVALID_PARAMETER
    And the response is a 415 UNSUPPORTED_MEDIA_TYPE, as AMB-13 recommends
    And the diagnostics are "Unsupported Media Type", as AMB-13 recommends

    Examples:
      | case                                 | accept                | parameter  |
      | Accept and _format both unsupported  | text/html             | text/plain |
      | Accept supported, _format not        | application/fhir+json | text/xml   |
      | valid search, unsupported _format    | application/fhir+xml  | csv        |

  @NRLS-ERR-013 @AMB @AMB-13 @AMB-44
  Scenario: The 415 carries the error table's code system
    When the consumer searches for the patient accepting "application/fhir+json" with _format "text/html"
    Then the response is a 415 UNSUPPORTED_MEDIA_TYPE, as AMB-13 recommends
    And the coding system is "http://fhir.nhs.net/ValueSet/spine-response-code-1-0", as AMB-44 recommends

  @NRLS-FMT-007 @AMB @AMB-12
  Scenario Outline: An unsupported Accept alone falls back to XML (<accept>)
    When the consumer searches for the patient accepting "<accept>"
    Then the response is in XML

    Examples:
      | accept    |
      | text/html |
      | text/xml  |

  @NRLS-FMT-011 @NRLS-SEARCH-018
  Scenario Outline: Errors come in the format asked for (<format>)
    Given the client asks for <format>
    When the consumer searches by an id that matches no pointer
    Then the response is a 404 NO_RECORD_FOUND

    Examples:
      | format |
      | JSON   |
      | XML    |

  @NRLS-FMT-010 @AMB @AMB-16
  Scenario Outline: A create is read whatever its Content-Type says (<body>)
    Given the provider is acting
    And a valid pointer for a new patient
    When the provider sends <body>
    Then the response is a 201 RESOURCE_CREATED

    Examples:
      | body                                              |
      | the pointer in JSON with no Content-Type          |
      | the pointer in XML with Content-Type text/plain   |
      | the pointer in JSON labelled application/json+fhir |
