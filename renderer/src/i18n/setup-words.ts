/**
 * The words of the till's own setup and status truths (the first-start time zone question, …), in both
 * languages: kept beside the two dictionaries, which spread them in, so each stays a readable size.
 */
export const setupEn = {
  'zone.heading': 'Which time zone is this shop in?',
  'zone.intro':
    'This computer’s clock is set to {machineZone}, not to the shop’s local time. The date of every sale, report and receipt follows the zone chosen here.',
  'zone.held': 'Sales are on hold until the time zone is chosen: nothing can be charged yet.',
  'zone.legend': 'Shop’s time zone',
  'zone.proposed': 'proposed',
  'zone.other': 'Another time zone',
  'zone.otherLabel': 'Time zone name (IANA)',
  'zone.otherPlaceholder': 'e.g. Pacific/Auckland',
  'zone.otherInvalid': 'That is not a time zone name this till knows. Use a name such as Australia/Sydney.',
  'zone.otherNow': 'Time there now: {time}',
  'zone.pin': 'Manager PIN',
  'zone.pinNeeded': 'Enter the manager PIN to choose the time zone.',
  'zone.use': 'Use {zone}',
  'zone.later': 'A manager can change it later in Settings.',
  'zone.laterPin': 'It can be changed later in Settings.',
  'zone.city.Sydney': 'Sydney (NSW, ACT)',
  'zone.city.Melbourne': 'Melbourne (VIC)',
  'zone.city.Brisbane': 'Brisbane (QLD)',
  'zone.city.Adelaide': 'Adelaide (SA)',
  'zone.city.Darwin': 'Darwin (NT)',
  'zone.city.Hobart': 'Hobart (TAS)',
  'zone.city.Perth': 'Perth (WA)',
} as const;

export const setupZh: Record<keyof typeof setupEn, string> = {
  'zone.heading': '本店在哪个时区？',
  'zone.intro':
    '本电脑的时钟设为 {machineZone}，而非本店当地时间。每笔交易、报表和收据的日期都按此处选定的时区计算。',
  'zone.held': '选定时区前暂停收款：目前无法扣款。',
  'zone.legend': '本店时区',
  'zone.proposed': '推荐',
  'zone.other': '其他时区',
  'zone.otherLabel': '时区名称（IANA）',
  'zone.otherPlaceholder': '例如 Pacific/Auckland',
  'zone.otherInvalid': '本收银机无法识别该时区名称。请使用如 Australia/Sydney 的名称。',
  'zone.otherNow': '当地现在时间：{time}',
  'zone.pin': '经理密码',
  'zone.pinNeeded': '请输入经理密码以选择时区。',
  'zone.use': '使用 {zone}',
  'zone.later': '经理以后可在“设置”中更改。',
  'zone.laterPin': '以后可在“设置”中更改。',
  'zone.city.Sydney': '悉尼、堪培拉（新南威尔士州、首都领地）',
  'zone.city.Melbourne': '墨尔本（维多利亚州）',
  'zone.city.Brisbane': '布里斯班（昆士兰州）',
  'zone.city.Adelaide': '阿德莱德（南澳州）',
  'zone.city.Darwin': '达尔文（北领地）',
  'zone.city.Hobart': '霍巴特（塔斯马尼亚州）',
  'zone.city.Perth': '珀斯（西澳州）',
};
