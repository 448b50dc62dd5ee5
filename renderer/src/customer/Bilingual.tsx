/** The customer display speaks both languages at once: Chinese first, then English, each marked with its lang. */

export function BothLines({
  text,
  as: Tag = 'span',
}: {
  text: { zh: string; en: string };
  as?: 'p' | 'span';
}) {
  return (
    <>
      <Tag className="zh" lang="zh-CN">
        {text.zh}
      </Tag>
      <Tag className="en" lang="en">
        {text.en}
      </Tag>
    </>
  );
}
