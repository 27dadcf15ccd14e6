{% load static %}<?xml version="1.0" encoding="utf-8"?>
{# Shows the corrections Atom feed as a page when a browser opens it; feed readers ignore it. #}
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>

  <xsl:template match="/atom:feed">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>Corrections feed · Detainer Corrections</title>
        <link rel="stylesheet" href="{% static 'css/site.css' %}"/>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="masthead">
          <div class="wrap masthead-inner">
            <a class="brand" href="{% url 'home' %}">
              <span class="brand-mark" aria-hidden="true">DC</span>
              <span class="brand-text">Detainer Corrections<small>Corrections to Declined Detainer Outcome Reports</small></span>
            </a>
            <nav class="nav" aria-label="Main">
              <a href="{% url 'home' %}">Reports</a>
              <a href="{% url 'corrections' %}">Corrections</a>
            </nav>
          </div>
        </header>
        <main id="main" class="wrap">
          <h1>Corrections feed</h1>
          <p class="lead">This page is an Atom feed. <xsl:value-of select="atom:subtitle"/> To follow it, copy its
            address into a feed reader. The same corrections, with their notices, are on
            <a href="{% url 'corrections' %}">the corrections page</a>.</p>
          <xsl:choose>
            <xsl:when test="atom:entry">
              <h2>Latest corrections</h2>
              <xsl:for-each select="atom:entry">
                <section class="panel">
                  <h3><a href="{atom:link/@href}"><xsl:value-of select="atom:title"/></a></h3>
                  <p class="muted">Decided <xsl:call-template name="day"><xsl:with-param name="iso" select="atom:updated"/></xsl:call-template></p>
                  <p><xsl:call-template name="unescape"><xsl:with-param name="text" select="atom:summary"/></xsl:call-template></p>
                </section>
              </xsl:for-each>
            </xsl:when>
            <xsl:otherwise><p class="empty">No corrections have been made yet.</p></xsl:otherwise>
          </xsl:choose>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- An RFC 3339 time as the site's date, "Feb 1, 2017". -->
  <xsl:template name="day">
    <xsl:param name="iso"/>
    <xsl:value-of select="substring('JanFebMarAprMayJunJulAugSepOctNovDec', (number(substring($iso, 6, 2)) - 1) * 3 + 1, 3)"/>
    <xsl:text> </xsl:text>
    <xsl:value-of select="number(substring($iso, 9, 2))"/>
    <xsl:text>, </xsl:text>
    <xsl:value-of select="substring($iso, 1, 4)"/>
  </xsl:template>

  <!-- A summary is HTML-escaped text (Atom type="html"): undo the escaping and show it as text, never as markup. -->
  <xsl:template name="unescape">
    <xsl:param name="text"/>
    <xsl:choose>
      <xsl:when test="contains($text, '&amp;')">
        <xsl:value-of select="substring-before($text, '&amp;')"/>
        <xsl:variable name="rest" select="substring-after($text, '&amp;')"/>
        <xsl:variable name="name" select="substring-before($rest, ';')"/>
        <xsl:choose>
          <xsl:when test="$name = 'amp'">&amp;</xsl:when>
          <xsl:when test="$name = 'lt'">&lt;</xsl:when>
          <xsl:when test="$name = 'gt'">&gt;</xsl:when>
          <xsl:when test="$name = 'quot'">"</xsl:when>
          <xsl:when test="$name = '#x27' or $name = '#39'">'</xsl:when>
          <xsl:otherwise>&amp;<xsl:value-of select="$name"/>;</xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="unescape"><xsl:with-param name="text" select="substring-after($rest, ';')"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
