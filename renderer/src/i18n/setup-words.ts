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
  'settings.printer.testSentTo': 'Test page sent to {printer}.',
  'settings.printer.testDialog': 'Test page opened in the print dialog: choose the printer there.',
  'settings.printer.testPdf':
    'Test page opened in the print dialog: choose “Save as PDF” there. The file goes to the folder you pick; this till does not write a PDF file itself.',
  'settings.poll.heading': 'How the till checks a payment with Omipay',
  'settings.poll.polling': 'While the customer confirms',
  'settings.poll.withNotifications': 'While the customer confirms, with notifications',
  // Each language's own brackets and colon: the row reads "label (in use): plan" / "label（当前使用）：plan".
  'settings.poll.inUse': ' (in use)',
  'settings.poll.colon': ': ',
  'settings.poll.plan': 'at most {max} checks — {phases}',
  'settings.poll.phase': 'every {every} s until {until} s',
  'settings.poll.then': ', then ',
  'settings.poll.background': 'After the wait (background follow-up)',
  'settings.poll.backgroundPlan':
    'first check after {first} s, every {every} s for {dense} minutes, then less and less often up to every {cap} minutes, until Omipay says the order is final',
  'settings.poll.fromConfig':
    'Set in {path} (gateway.pollSchedule). Read at start-up: edit the file, then restart the till.',
  'settings.poll.defaults':
    'Built-in defaults. To change them, add gateway.pollSchedule to {path}, then restart the till.',
  'settings.customerDisplay.hubHintLoopback':
    'Open {url} in a second browser window on this computer and move it to the screen facing the customer. No token is needed: this POS accepts connections from this computer only, so a tablet cannot reach it (start it with --host to pair other devices).',
  'settings.customerDisplay.hubHintPaired':
    'Open {url}?token=… on a tablet facing the customer: the same token as in the pairing link printed when the POS started.',
  'status.scanner.wedgeWorking': 'Keyboard scanner working',
  'settings.timeZoneUnchosen':
    'Not chosen yet: this is the computer’s own zone. Type the shop’s zone (e.g. Australia/Sydney) and save to choose it.',
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
  'settings.printer.testSentTo': '测试页已发送至 {printer}。',
  'settings.printer.testDialog': '测试页已在打印对话框中打开：请在其中选择打印机。',
  'settings.printer.testPdf':
    '测试页已在打印对话框中打开：请选择“另存为 PDF”。文件保存在您选择的文件夹中；本收银机不会自行生成 PDF 文件。',
  'settings.poll.heading': '收银机如何向 Omipay 查询付款结果',
  'settings.poll.polling': '顾客确认付款期间',
  'settings.poll.withNotifications': '顾客确认付款期间（已配置通知）',
  'settings.poll.inUse': '（当前使用）',
  'settings.poll.colon': '：',
  'settings.poll.plan': '最多查询 {max} 次——{phases}',
  'settings.poll.phase': '每 {every} 秒一次，直到 {until} 秒',
  'settings.poll.then': '，然后',
  'settings.poll.background': '等待结束后（后台跟进）',
  'settings.poll.backgroundPlan':
    '{first} 秒后首次查询，{dense} 分钟内每 {every} 秒一次，之后间隔逐渐拉长，最长每 {cap} 分钟一次，直到 Omipay 给出最终结果',
  'settings.poll.fromConfig':
    '在 {path} 中设置（gateway.pollSchedule）。启动时读取：修改该文件后请重启收银机。',
  'settings.poll.defaults':
    '使用内置默认值。如需更改，请在 {path} 中添加 gateway.pollSchedule，然后重启收银机。',
  'settings.customerDisplay.hubHintLoopback':
    '在本电脑上另开一个浏览器窗口打开 {url}，并将其移到面向顾客的屏幕。无需令牌：本收银系统只接受本电脑的连接，平板电脑无法访问（如需配对其他设备，请使用 --host 启动）。',
  'settings.customerDisplay.hubHintPaired':
    '在面向顾客的平板电脑上打开 {url}?token=…：令牌与收银系统启动时显示的配对链接中的相同。',
  'status.scanner.wedgeWorking': '键盘式扫码枪工作正常',
  'settings.timeZoneUnchosen':
    '尚未选择：这是本电脑自身的时区。请输入本店时区（例如 Australia/Sydney）并保存。',
};
