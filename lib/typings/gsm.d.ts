declare module 'gsm' {
  interface GsmInfo {
    sms_count: number;
    chars_left: number;
    char_set: string;
    parts: string[];
  }
  function gsm(text: string): GsmInfo;
  export = gsm;
}
