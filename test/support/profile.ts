// A minimal valid target profile (the mock's default identities) for tests that write or check profiles.
export function profileFor(baseUrl: string, name?: string) {
  return {
    ...(name ? { name } : {}),
    baseUrl,
    spineAsid: '999999999999',
    consumer: { asid: '200000000115', ods: 'AMS01', user: 'https://fhir.nhs.uk/Id/sds-role-profile-id|555021935107' },
    provider: { asid: '200000000118', ods: 'MHT01' },
    secondProvider: { asid: '200000000119', ods: 'RR8' },
    patients: { knownWithoutPointers: '2686033207', unknown: '9000000033' },
  };
}
