"""The study guide generator: source text -> parsed model -> pages.

Stages, each a pure function:

* :func:`studyguide.inputs.source.parse_document` turns the source text into questions;
* :func:`studyguide.inputs.curated.load_curated` reads the curated metadata;
* :func:`studyguide.pipeline.merge.merge_questions` joins both into site entries;
* :func:`studyguide.outputs.pages.render_site` renders every generated file in memory;
* :func:`studyguide.write.write_outputs` is the only step that touches the disk.
"""
