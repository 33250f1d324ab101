import assert from 'node:assert/strict';
import { RULE_IDS, RULES } from '../../../src/analysis/rules/catalog';
import { loadLessons } from '../../../src/lessons/catalog';
import { renderLessonBody } from '../../../src/lessons/render';
import { readLessonFiles } from '../lessonFiles';
import { analyzer } from '../testAnalyzer';

const { catalog, errors } = loadLessons(readLessonFiles());

suite('Lesson content (every file in lessons/)', () => {
	test('all lessons parse and cross-check with no errors', () => {
		assert.deepEqual(errors.map((e) => e.message), []);
		assert.ok(catalog.lessons.length >= 10, `expected at least 10 lessons, found ${catalog.lessons.length}`);
	});

	test('every rule links to a lesson section that lists the rule', () => {
		for (const id of RULE_IDS) {
			const target = catalog.resolve(RULES[id].lesson);
			assert.ok(target, `${id} → ${RULES[id].lesson} does not resolve`);
			assert.ok(target.lesson.rules.includes(id), `${target.lesson.file} explains ${id} (rule links there) but does not list it in rules:`);
		}
	});

	for (const lesson of catalog.lessons) {
		suite(lesson.file, () => {
			test('has annotated examples in at least 3 languages', () => {
				const languages = new Set(lesson.examples.map((e) => e.language));
				assert.ok(languages.size >= 3, `only ${[...languages].join(', ')}`);
			});

			test('ends with a "Go deeper" section of 3 to 6 linked sources', () => {
				const last = lesson.sections[lesson.sections.length - 1];
				assert.equal(last.id, 'go-deeper', `the last section is #${last.id}; end the lesson with "## Go deeper {#go-deeper}"`);
				// Section lines are 1-based file lines; the body starts at bodyLine, so this is the heading's index in the body.
				const lines = lesson.body.split('\n').slice(last.line - lesson.bodyLine);
				const sources = lines.filter((line) => /^- \[[^\]]+\]\(https:\/\/[^)\s]+\)/.test(line));
				assert.ok(sources.length >= 3 && sources.length <= 6, `#go-deeper lists ${sources.length} sources (bullets starting with an https link); expected 3 to 6`);
			});

			test('renders every example, diagram and heading anchor', () => {
				const html = renderLessonBody(lesson);
				for (const section of lesson.sections) {
					assert.ok(html.includes(`id="${section.id}"`), `missing anchor ${section.id}`);
				}
				for (const example of lesson.examples) {
					assert.ok(html.includes(`data-example="${example.id}"`), `missing example ${example.id}`);
				}
				assert.ok(!html.includes('render-error'), 'a diagram failed to render');
				assert.ok(!/<script|\son\w+=/i.test(html), 'rendered lesson must not contain scripts or inline handlers');
			});

			for (const example of lesson.examples.filter((e) => e.variant)) {
				test(`${example.variant} example #${example.id} (${example.language}) agrees with the analyzer`, async () => {
					const findings = (await analyzer.analyze(example.code, example.language)).filter((f) => !f.suppressed);
					const described = findings.map((f) => `${f.range.startLine + 1}: ${f.ruleId}`).join(', ');
					if (example.variant === 'fixed') {
						assert.equal(described, '', 'a fixed example must have no findings');
					} else if (lesson.rules.length > 0) {
						assert.ok(findings.some((f) => lesson.rules.includes(f.ruleId)), `a bad example must be flagged with one of ${lesson.rules.join(', ')}; found: ${described || 'nothing'}`);
					}
				});
			}
		});
	}
});
