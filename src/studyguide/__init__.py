"""The study guide generator: source text -> parsed model -> pages.

Stages, each a pure function:

* :func:`studyguide.parse.parse_document` turns the source text into questions;
* :func:`studyguide.curated.load_curated` reads the curated metadata;
* :func:`studyguide.merge.merge_questions` joins both into site entries;
* :func:`studyguide.render.render_site` renders every generated file in memory;
* :func:`studyguide.write.write_outputs` is the only step that touches the disk.
"""
