/**
 * English defaults for the keys vigil itself emits. CHT ships these with its API; a standalone vigil has
 * no API, so they sit under any `messages-en` translation doc (which always wins).
 */
export const DEFAULT_EN: Record<string, string> = {
  'sys.facility_not_found': 'Facility not found.',
  'messages.generic.sys.facility_not_found': 'You have not been registered to use this app.',
  'messages.generic.sender_not_found': 'Your phone number is not registered.',
  'messages.generic.registration_not_found': 'No registration was found for that ID.',
  'messages.generic.no_provided_patient_id': 'External ID number support is configured, but is not found on document in the configured location.',
  'messages.generic.provided_patient_id_not_unique': 'The provided ID number is already used.',
  'messages.generic.provided_phone_not_valid': 'The provided phone is not valid.',
  'messages.generic.parent_not_found': 'The parent place could not be found.',
  'messages.generic.parent_field_not_provided': 'The parent place ID is missing.',
  'messages.generic.parent_invalid': 'That place cannot be used as the parent.',
  sms_received:
    'SMS message received; it will be reviewed shortly. If you were trying to submit a text form, please enter a correct form code and try again.',
  empty: 'It looks like you sent an empty message, please try to resend. If you continue to have this problem please contact your supervisor.',
  form_not_found: 'The form sent was not recognized. Please complete it again and resend.',
  'sys.missing_fields': 'Missing or invalid fields: {{fields}}.',
  'sys.incorrect_type': 'Incorrect type for field {{key}}: expected {{expectedType}}.',
  'sys.empty': 'Message appears empty.',
  'sys.form_not_found': 'Form "{{form}}" not found.',
  extra_fields: 'Extra fields.',
};
