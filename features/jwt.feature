@area-jwt
Feature: The access token (JWT)
  Every request carries an unsigned JWT as a bearer token (§4). Each refusal changes one thing of a
  valid token; every JWT failure is 400 MISSING_OR_INVALID_HEADER with issue code "structure", and the
  diagnostics are the spec's texts (§4.3), compared after normalising typographic quotes (NRLS-OO-007).
  `{claim:name}` in an expected text is the value the request actually sent. Where a refusal rests on
  our reading rather than the spec's text (the scope an interaction needs, AMB-07; the pipe form of the
  identifiers, AMB-04; the format of requesting_user, AMB-11; the text for an undecodable payload,
  AMB-59), the steps say so.

  Background:
    Given the provider has created a pointer for a new patient

  @NRLS-JWT-001 @NRLS-JWT-002 @NRLS-JWT-003 @NRLS-JWT-004
  Scenario: A consumer's unsigned token with every claim is accepted
    Given the consumer is acting
    When the consumer searches for the patient
    Then the response is a searchset Bundle holding the existing pointer

  @NRLS-JWT-023
  Scenario: A provider's token needs no requesting_user
    Given the provider is acting
    And a valid pointer for a new patient
    And the request has no requesting_user (an unattended token)
    When the provider creates it
    Then the response is a 201 RESOURCE_CREATED

  Scenario Outline: A consumer's token with <defect> is refused
    Given the consumer is acting
    And the request has <defect>
    When the consumer searches for the patient
    Then the response is a 400 MISSING_OR_INVALID_HEADER
    And the issue code is "structure"
    And the diagnostics are "<diagnostics>"

    @NRLS-JWT-009 @NRLS-JWT-003 @NRLS-ERR-004
    Examples: not three sections
      | defect                 | diagnostics                                                              |
      | a JWT of two sections  | The JWT associated with the Authorisation header must have the 3 sections |
      | a JWT of four sections | The JWT associated with the Authorisation header must have the 3 sections |

    @NRLS-JWT-010 @NRLS-ERR-004
    Examples: a mandatory claim missing
      | defect                                      | diagnostics |
      | a JWT without the iss claim                 | The mandatory claim iss from the JWT associated with the Authorisation header is missing |
      | a JWT without the aud claim                 | The mandatory claim aud from the JWT associated with the Authorisation header is missing |
      | a JWT without the exp claim                 | The mandatory claim exp from the JWT associated with the Authorisation header is missing |
      | a JWT without the iat claim                 | The mandatory claim iat from the JWT associated with the Authorisation header is missing |
      | a JWT without the reason_for_request claim  | The mandatory claim reason_for_request from the JWT associated with the Authorisation header is missing |
      | a JWT without the scope claim               | The mandatory claim scope from the JWT associated with the Authorisation header is missing |
      | a JWT without the requesting_system claim   | The mandatory claim requesting_system from the JWT associated with the Authorisation header is missing |
      | a JWT without the requesting_organization claim | The mandatory claim requesting_organization from the JWT associated with the Authorisation header is missing |

    @NRLS-JWT-010 @AMB @AMB-56
    Examples: sub is mandatory
      | defect                      | diagnostics |
      | a JWT without the sub claim | The mandatory claim sub from the JWT associated with the Authorisation header is missing |

    @NRLS-JWT-011 @NRLS-JWT-022
    Examples: sub must be requesting_user
      | defect                                  | diagnostics |
      | a sub that differs from requesting_user | requesting_user ({claim:requesting_user}) and sub ({claim:sub}) claim’s values must match |

    @NRLS-JWT-013
    Examples: the reason must be direct care
      | defect                            | diagnostics |
      | reason_for_request "secondaryuses" | reason_for_request ({claim:reason_for_request}) must be ‘directcare’ |

    @NRLS-JWT-014
    Examples: an unknown scope
      | defect                                | diagnostics |
      | scope "patient/DocumentReference.admin" | scope ({claim:scope}) must match either ‘patient/DocumentReference.read’ or ‘patient/DocumentReference.write’ |

    @NRLS-JWT-020 @NRLS-AUTHZ-004 @NRLS-ODS-003
    Examples: an organisation other than the ASID's
      | defect                                                    | diagnostics |
      | the second provider's ODS code as requesting_organization | requesting_system ASID ({consumer.asid}) is not associated with the requesting_organisation ODS code ({secondProvider.ods}) |

  # Who counts as a consumer for this rule is not defined (AMB-08): we read it as an ASID with the search
  # interaction only. The reference implementation reads the sub claim instead, and this unattended token's
  # sub is its requesting_system, so there it is no consumer's token: the refusal rests on our reading;
  # once refused, the answer is the spec's.
  @NRLS-JWT-015 @NRLS-SEARCH-032 @NRLS-AUTHZ-009 @AMB @AMB-08
  Scenario: A consumer's token without requesting_user (an unattended token) is refused
    Given the consumer is acting
    And the request has no requesting_user (an unattended token)
    When the consumer searches for the patient
    Then the request is refused, as AMB-08 recommends
    And the response is a 400 MISSING_OR_INVALID_HEADER
    And the issue code is "structure"
    And the diagnostics are "The mandatory claim requesting_user from the JWT associated with the Authorisation header is missing"

  # A token naming an ASID other than the fromASID, or an organisation Spine does not know, breaks more
  # than one rule of §4.3 at once: requesting_system must be the fromASID (NRLS-JWT-021) and the
  # organisation must be that ASID's (NRLS-JWT-020). The spec does not say which is reported (AMB-50): any
  # of their texts is the spec; the text of the scenario's own rule is the order we recommend (NRLS-JWT-027).
  @NRLS-JWT-017
  Scenario: A consumer's token with an unknown requesting_system ASID is refused
    Given the consumer is acting
    And the request has an unknown requesting_system ASID
    When the consumer searches for the patient
    Then the response is a 400 MISSING_OR_INVALID_HEADER
    And the issue code is "structure"
    And the diagnostics are one of
      | The ASID defined in the requesting_system (999000000001) is unknown                                                 |
      | The ASID defined in the requesting_system (999000000001) does not match the FromASID in the request                 |
      | requesting_system ASID (999000000001) is not associated with the requesting_organisation ODS code ({consumer.ods}) |
    And the diagnostics are "The ASID defined in the requesting_system (999000000001) is unknown", as the catalogue recommends

  @NRLS-JWT-019
  Scenario: A consumer's token with an unknown requesting_organization is refused
    Given the consumer is acting
    And the request has an unknown requesting_organization
    When the consumer searches for the patient
    Then the response is a 400 MISSING_OR_INVALID_HEADER
    And the issue code is "structure"
    And the diagnostics are one of
      | The ODS code defined in the requesting_organisation({unknownOds}) is unknown                                     |
      | requesting_system ASID ({consumer.asid}) is not associated with the requesting_organisation ODS code ({unknownOds}) |
    And the diagnostics are "The ODS code defined in the requesting_organisation({unknownOds}) is unknown", as the catalogue recommends

  @NRLS-JWT-021 @NRLS-AUTHZ-003 @AMB @AMB-05
  Scenario: A consumer's token with another ASID as requesting_system is refused
    Given the consumer is acting
    And the request has the second provider's ASID as requesting_system
    When the consumer searches for the patient
    Then the response is a 400 MISSING_OR_INVALID_HEADER
    And the issue code is "structure"
    And the diagnostics are one of
      | The ASID defined in the requesting_system ({secondProvider.asid}) does not match the FromASID in the request                  |
      | requesting_system ASID ({secondProvider.asid}) is not associated with the requesting_organisation ODS code ({consumer.ods}) |
    And the diagnostics are "The ASID defined in the requesting_system ({secondProvider.asid}) does not match the FromASID in the request", as AMB-05 recommends

  Scenario Outline: A provider's token with <defect> is refused
    Given the provider is acting
    And a valid pointer for a new patient
    And the request has <defect>
    When the provider creates it
    Then the response is a 400 MISSING_OR_INVALID_HEADER
    And the issue code is "structure"
    And the diagnostics are "<diagnostics>"

    @NRLS-JWT-012
    Examples: without requesting_user, sub must be requesting_system
      | defect                                    | diagnostics |
      | a sub that differs from requesting_system | requesting_system ({claim:requesting_system}) and sub ({claim:sub}) claim’s values must match |

  Scenario Outline: A token with <defect> is refused (the spec gives no text)
    Given the consumer is acting
    And the request has <defect>
    When the consumer searches for the patient
    Then the response is a 400 MISSING_OR_INVALID_HEADER
    And the issue code is "structure"

    @NRLS-JWT-024 @AMB @AMB-06
    Examples:
      | defect                        |
      | an exp that is not a number   |

  Scenario Outline: A token with <variant> is accepted
    Given the consumer is acting
    And the request has <variant>
    When the consumer searches for the patient
    Then the response is a searchset Bundle holding the existing pointer

    @NRLS-JWT-005 @AMB @AMB-55
    Examples: signatures are not verified
      | variant                                  |
      | a JWT with an RS256 header and a signature |

    @NRLS-JWT-007 @AMB @AMB-54
    Examples: the bearer scheme
      | variant                           |
      | the Bearer scheme in capitals     |
      | a token without the Bearer scheme |

    @NRLS-JWT-024 @AMB @AMB-06
    Examples: times are not checked
      | variant                      |
      | an exp and iat from an hour ago |

  @NRLS-JWT-026 @NRLS-JWT-003 @AMB @AMB-59
  Scenario Outline: A consumer's token with <defect> is refused as not three sections
    Given the consumer is acting
    And the request has <defect>
    When the consumer searches for the patient
    Then the response is a 400 MISSING_OR_INVALID_HEADER
    And the issue code is "structure"
    And the diagnostics are "The JWT associated with the Authorisation header must have the 3 sections", as AMB-59 recommends

    Examples:
      | defect                               |
      | a JWT whose payload is not JSON      |
      | a JWT whose payload is not base64url |

  @NRLS-JWT-016 @AMB @AMB-04
  Scenario: requesting_system in the slash form is refused
    Given the consumer is acting
    And the request has requesting_system in the slash form
    When the consumer searches for the patient
    Then the request is refused, as AMB-04 recommends
    And the response is a 400 MISSING_OR_INVALID_HEADER, as AMB-04 recommends
    And the issue code is "structure"
    And the diagnostics are "requesting_system ({claim:requesting_system}) must be of the form [https://fhir.nhs.uk/Id/accredited-system/[ASID]]"

  @NRLS-JWT-018 @AMB @AMB-04
  Scenario: requesting_organization in the slash form is refused
    Given the consumer is acting
    And the request has requesting_organization in the slash form
    When the consumer searches for the patient
    Then the request is refused, as AMB-04 recommends
    And the response is a 400 MISSING_OR_INVALID_HEADER, as AMB-04 recommends
    And the issue code is "structure"
    And the diagnostics are "requesting_organisation ({claim:requesting_organization}) must be of the form [https://fhir.nhs.uk/Id/ods-organization-code/[ODSCode]"

  @NRLS-JWT-025 @AMB @AMB-07
  Scenario: A search with the write scope is refused: the scope must fit the interaction
    Given the consumer is acting
    And the request has the write scope
    When the consumer searches for the patient
    Then the request is refused, as AMB-07 recommends
    And the response is a 400 MISSING_OR_INVALID_HEADER, as AMB-07 recommends
    And the issue code is "structure"
    And the diagnostics are "scope ({claim:scope}) must match either ‘patient/DocumentReference.read’ or ‘patient/DocumentReference.write’"

  @NRLS-JWT-025 @AMB @AMB-07
  Scenario: A create with the read scope is refused: the scope must fit the interaction
    Given the provider is acting
    And a valid pointer for a new patient
    And the request has the read scope
    When the provider creates it
    Then the request is refused, as AMB-07 recommends
    And the response is a 400 MISSING_OR_INVALID_HEADER, as AMB-07 recommends
    And the issue code is "structure"
    And the diagnostics are "scope ({claim:scope}) must match either ‘patient/DocumentReference.read’ or ‘patient/DocumentReference.write’"

  @NRLS-JWT-002 @AMB @AMB-11
  Scenario: A requesting_user that is not of the form system|value is refused
    Given the consumer is acting
    And the request has a requesting_user without a system
    When the consumer searches for the patient
    Then the request is refused, as AMB-11 recommends
    And the response is a 400 MISSING_OR_INVALID_HEADER, as AMB-11 recommends
    And the issue code is "structure"
