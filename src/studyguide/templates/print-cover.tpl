{#- The cover of the printable guide (print-site plugin, mkdocs.yml): the plugin renders it with `config`. -#}
<h1>{{ config.site_name }}</h1>
<p class="guide-cover-lead">{{ config.site_description }}</p>
<p>Read it online, with search and self-test: <a href="{{ config.site_url }}">{{ config.site_url }}</a></p>
<p class="guide-cover-note">{{ config.copyright }}</p>
