@area-lifecycle
Feature: The pointer lifecycle
  A pointer is born current; the only transition the 1.2.x API offers is current to superseded, by a
  replacement (§5.2). Each modification raises the pointer's version by one; a lineage keeps every
  pointer, with one current pointer at its head.

  Background:
    Given the provider is acting

  @NRLS-LIFE-006 @NRLS-LIFE-008 @NRLS-LIFE-010
  Scenario: A lineage of three pointers has one current head
    Given a lineage of 3 pointers for a new patient
    When the consumer searches for each pointer of the lineage by its id
    Then each pointer of the lineage is found
    And only the newest pointer of the lineage is current, each older one superseded at version 2
    And each pointer of the lineage names its predecessor in relatesTo

  @NRLS-LIFE-005 @NRLS-ID-001 @NRLS-ID-002 @NRLS-GEN-003
  Scenario: Two pointers for one patient get distinct logical ids and are both born current
    Given the provider has created a pointer for a new patient
    And the provider has created a pointer for that patient
    When the consumer searches for the patient
    Then the response is a searchset Bundle holding the pointers created for the patient
    And the pointers created for the patient have distinct logical ids
    And the pointers created for the patient are "current" at version 1

  @NRLS-UNSUP-006 @AMB @AMB-38
  Scenario: An entered-in-error status cannot be set through the API
    Given the provider has created a pointer for a new patient
    When the provider updates the pointer with PUT
    Then the request is not carried out
    And the existing pointer is "current" at version 1
    And the request is refused, as AMB-38 recommends
