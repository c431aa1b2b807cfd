@area-unsupported
Feature: Operations NRLS 1.2.x does not have
  Read, update, patch, path-style delete and the capability statement were removed or never existed in
  1.2.x (§2.5). The spec says only that they are not supported and defines no response, so the suite
  requires, as the spec, that they are not carried out (no 2xx) and that nothing changed
  (NRLS-UNSUP-007, AMB-38). That they are refused with a 4xx OperationOutcome in the format asked for
  (405 for a supported path with another method, 404 for an unknown path, each with a not-supported
  issue) is our choice (AMB-38); a refusal's OperationOutcome is the spec's (NRLS-OO-001).

  Background:
    Given the provider has created a pointer for a new patient
    And the provider is acting

  @AMB @AMB-38
  Scenario Outline: The provider <operation>: not carried out
    When the provider <operation>
    Then the request is not carried out
    And the request is refused, as AMB-38 recommends

    @NRLS-UNSUP-001
    Examples: read
      | operation                       |
      | reads the pointer at its own URL |

    @NRLS-UNSUP-002 @NRLS-SUPERSEDE-001
    Examples: update
      | operation                     |
      | updates the pointer with PUT  |

    @NRLS-UNSUP-003
    Examples: patch
      | operation           |
      | patches the pointer |

    @NRLS-UNSUP-005
    Examples: path-style delete
      | operation                          |
      | deletes the pointer at its own URL |

    @NRLS-UNSUP-004
    Examples: capability statement
      | operation                         |
      | asks for the capability statement |

    @NRLS-GEN-002
    Examples: other resource types
      | operation                       |
      | searches another resource type  |

  @AMB @AMB-38
  Scenario Outline: After the provider <operation>, the pointer is unchanged
    When the provider <operation>
    Then the request is not carried out
    And the existing pointer is "current" at version 1
    And the request is refused, as AMB-38 recommends

    @NRLS-UNSUP-002 @NRLS-UNSUP-006
    Examples: update
      | operation                    |
      | updates the pointer with PUT |

    @NRLS-UNSUP-003 @NRLS-UNSUP-006
    Examples: patch
      | operation           |
      | patches the pointer |

    @NRLS-UNSUP-005
    Examples: path-style delete
      | operation                          |
      | deletes the pointer at its own URL |

  @NRLS-UNSUP-007 @NRLS-ERR-017 @AMB @AMB-38
  Scenario Outline: The provider <operation>: <status> with a not-supported OperationOutcome
    When the provider <operation>
    Then the request is refused, as AMB-38 recommends
    And the refusal is a <status> with issue code "not-supported", as AMB-38 recommends

    Examples:
      | operation                          | status |
      | reads the pointer at its own URL   | 405    |
      | updates the pointer with PUT       | 405    |
      | patches the pointer                | 405    |
      | deletes the pointer at its own URL | 405    |
      | asks for the capability statement  | 404    |
      | searches another resource type     | 404    |
